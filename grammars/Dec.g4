// Grammar of .dec decoding programs (see docs/language.md).
//
// Newlines are plain whitespace: every statement is self-delimiting, and `;`
// is accepted as an optional separator. Expression rules are written as loops
// (not left-recursive alternatives) so that long operator chains produce flat
// parse trees; nesting depth is bounded before parsing (TokenCheck.cpp).
// Identifiers such as `eos`, `max_tokens`, `window`, `f32` or `log` are
// contextual: the front end resolves them, which gives better diagnostics than
// syntax errors would.
grammar Dec;

program      : (grammarDecl | strategyDecl)* EOF ;

// `grammar Name = kind "path"`: the kind is contextual (resolved by Sema).
grammarDecl  : GRAMMAR name=ID '=' kind=ID path=STRING ;

strategyDecl : STRATEGY name=ID paramList? '{' statement* '}' ;

paramList    : '(' (param (',' param)* ','?)? ')' ;
param        : name=ID ':' type=ID ('=' defaultValue=expr)? (IN '[' lo=expr ',' hi=expr ']')? ;

statement    : logitsBlock
             | selection
             | stopStmt
             | constrainStmt
             | ';'
             ;

logitsBlock  : LOGITS '{' (logitsOp | ';')* '}' ;
logitsOp     : name=ID '(' (opArg (',' opArg)* ','?)? ')' ;
opArg        : name=ID '=' expr                                  # keywordArg
             | '{' (biasEntry (',' biasEntry)* ','?)? '}'         # biasMapArg
             | expr                                              # positionalArg
             ;
biasEntry    : token=expr ':' bias=expr ;

selection    : SAMPLE | GREEDY ;

constrainStmt : CONSTRAIN name=ID ;

stopStmt     : STOP stopItem (',' stopItem)* ;
stopItem     : name=ID ('=' (expr | tokenList))? ;
tokenList    : '[' (expr (',' expr)* ','?)? ']' ;

expr         : term (addOp term)* ;
addOp        : '+' | '-' ;
term         : unary (mulOp unary)* ;
mulOp        : '*' | '/' ;
unary        : '-' unary
             | primary
             ;
primary      : NUMBER                                            # numberExpr
             | INF                                               # infExpr
             | callee=ID '(' (expr (',' expr)*)? ')'             # callExpr
             | ID                                                # nameExpr
             | '(' expr ')'                                      # parenExpr
             ;

// ---- lexer ----------------------------------------------------------------
STRATEGY  : 'strategy' ;
LOGITS    : 'logits' ;
SAMPLE    : 'sample' ;
GREEDY    : 'greedy' ;
STOP      : 'stop' ;
IN        : 'in' ;
INF       : 'inf' ;
GRAMMAR   : 'grammar' ;
CONSTRAIN : 'constrain' ;
// Reserved for later language features; rejected with a located error.
SPECULATE : 'speculate' ;
DIFFUSION : 'diffusion' ;

ID        : [a-zA-Z_] [a-zA-Z0-9_]* ;
NUMBER    : [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? ;
// Grammar declarations' file paths; `\` escapes the next character.
STRING    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
// Also matches an unterminated comment up to end of file, which the front
// end reports at the comment's start.
BLOCK_COMMENT : '/*' .*? ('*/' | EOF) -> channel(HIDDEN) ;
WS            : [ \t\r\n\f]+ -> channel(HIDDEN) ;

// Any other character: reported as "unexpected character" before parsing.
ERROR_CHAR    : . ;
