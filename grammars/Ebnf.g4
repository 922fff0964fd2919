// EBNF in Lark's notation (lark-parser.readthedocs.io, "Grammar Reference"):
//
//   start: expr                      // rules: lower-case names
//   ?expr: expr "+" term | term      // ?rule / !rule prefixes, inline strings
//   term: NUMBER | "(" expr ")"
//   NUMBER: /[0-9]+/ ("." DIGIT+)?   // terminals: upper-case names, regular
//   DIGIT: "0".."9"
//   %import common.WS
//   %ignore WS
//
// A definition ends at the end of its line; it continues on a line that
// starts with `|` (and after a `|`). Which names are rules and which are
// terminals, escapes in strings, the regular expressions inside `/.../` and
// the meaning of directives are decided by the grammar compiler
// (compiler/lib/Grammar/Ebnf*.cpp), which reports problems at their column;
// this grammar only delimits tokens and structure.
grammar Ebnf;

file         : nl* (statement (nl+ statement)*)? nl* EOF ;
statement    : definition | directive ;
definition   : prefix=(QUESTION | BANG)? NAME templateParams? priority? COLON expansions ;
templateParams : LBRACE NAME (COMMA NAME)* RBRACE ;
priority     : DOT MINUS? NUMBER ;
expansions   : alias (nl* VBAR nl* alias)* ;
alias        : expansion (ARROW NAME)? ;
expansion    : expr* ;
expr         : atom quantifier? ;
quantifier   : QUESTION                          # optional
             | STAR                              # star
             | PLUS                              # plus
             | TILDE NUMBER (DOTDOT NUMBER)?     # repeat
             ;
atom         : LPAREN expansions RPAREN          # group
             | LBRACKET expansions RBRACKET      # maybe
             | STRING DOTDOT STRING              # range
             | STRING                            # literal
             | REGEXP                            # regexp
             | NAME templateArgs?                # ref
             ;
templateArgs : LBRACE expansions (COMMA expansions)* RBRACE ;
directive    : IGNORE expansions                                    # ignore
             | IMPORT importPath (ARROW NAME)?                      # importOne
             | IMPORT importPath LPAREN NAME (COMMA NAME)* RPAREN   # importMany
             | DECLARE NAME+                                        # declare
             | (OVERRIDE | EXTEND) definition                       # override
             | LEXER NAME                                           # lexerMode
             | OTHER_DIRECTIVE (~NEWLINE)*                          # unknownDirective
             ;
importPath   : DOT* NAME (DOT NAME)* ;
nl           : NEWLINE ;

IGNORE   : '%ignore' ;
IMPORT   : '%import' ;
DECLARE  : '%declare' ;
OVERRIDE : '%override' ;
EXTEND   : '%extend' ;
LEXER    : '%lexer' ;
OTHER_DIRECTIVE : '%' [a-zA-Z_]* ;
ARROW    : '->' ;
DOTDOT   : '..' ;
DOT      : '.' ;
COLON    : ':' ;
VBAR     : '|' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
QUESTION : '?' ;
BANG     : '!' ;
STAR     : '*' ;
PLUS     : '+' ;
MINUS    : '-' ;
TILDE    : '~' ;
NUMBER   : [0-9]+ ;
NAME     : [a-zA-Z_] [a-zA-Z_0-9]* ;
// Strings may carry Lark's `i` flag; regular expressions any flag letters
// (the compiler accepts i and s).
STRING   : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"' 'i'? ;
REGEXP   : '/' ( ~[/\\\r\n] | '\\' ~[\r\n] )+ '/' [a-zA-Z]* ;
// Unterminated forms match to the end of the line (a terminated one is
// always longer by its closing character, so it wins when it exists).
UNTERMINATED_STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '\\'? ;
UNTERMINATED_REGEXP : '/' ( ~[/\\\r\n] | '\\' ~[\r\n] )* '\\'? ;
COMMENT  : ( '//' | '#' ) ~[\r\n]* -> skip ;
NEWLINE  : ( '\r'? '\n' | '\r' )+ ;
WS       : [ \t\f]+ -> skip ;
ERROR_CHAR : . ;
