"""Prints a gram grammar whose root is an expression N levels deep."""
import sys

n = int(sys.argv[1])
print("gram.grammar @g root(@root) {\n  gram.rule @root {")
print('    %0 = gram.literal "a"')
for i in range(n):
    print(f"    %{i + 1} = gram.repeat %{i} min 0")
print(f"    gram.yield %{n}\n  }}\n}}")
