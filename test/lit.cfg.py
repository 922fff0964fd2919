# lit configuration for decc: compiler stages and command-line behaviour.
import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "decc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".dec", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.decc_obj_root, "test")
# Inputs that are not tests themselves.
config.excludes = ["Inputs", "unit", "fuzz", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%decc_src", config.decc_src_root))
config.substitutions.append(("%examples", os.path.join(config.decc_src_root, "examples")))
config.substitutions.append(("%tokenizers", config.decc_tokenizers_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.decc_tools_dir, config.llvm_tools_dir]
tools = ["decc", "decc-opt", "decrun", "decc-grammar", "decc-schema"]
llvm_config.add_tool_substitutions(
    [t for t in tools if shutil.which(t, path=config.decc_tools_dir)], tool_dirs)
llvm_config.with_environment("PATH", config.decc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

if config.decc_has_cuda and shutil.which("nvidia-smi"):
    import subprocess
    if subprocess.call(["nvidia-smi", "-L"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) == 0:
        config.available_features.add("cuda")
if os.path.isdir(config.decc_tokenizers_dir):
    config.available_features.add("tokenizers")
# Peer grammar engines for mask-diff tests (tools/requirements-test.txt).
import importlib.util
if importlib.util.find_spec("llguidance") is not None:
    config.available_features.add("llguidance")
# An independent JSON Schema validator (tools/requirements-test.txt).
if importlib.util.find_spec("jsonschema") is not None:
    config.available_features.add("jsonschema")
