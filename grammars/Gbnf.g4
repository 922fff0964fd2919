// GBNF as llama.cpp defines it (grammars/README.md there):
//
//   root  ::= item ("," item)*       # comments run to the end of the line
//   item  ::= [a-z]+ | "\"" [^"]* "\"" | . | ( x | y ){2,5}
//
// A rule ends at the end of its line; newlines are allowed after `::=`,
// after `|`, and anywhere inside parentheses. Quantifiers: * + ? {m} {m,}
// {m,n}. Names are [a-zA-Z0-9-]+. Escapes (\x \u \U \t \r \n \\ \" \[ \])
// are decoded by the grammar compiler, which reports bad ones at their
// column; the lexer only delimits literals and classes.
grammar Gbnf;

file        : nl* (ruleDef (nl+ ruleDef)*)? nl* EOF ;
ruleDef     : name DEFINE nl* alternation ;
alternation : sequence (BAR nl* sequence)* ;
sequence    : item* ;
group       : nl* nestedSeq (BAR nl* nestedSeq)* ;
nestedSeq   : (item nl*)* ;
item        : atom quantifier* ;
atom        : STRING                 # literal
            | CLASS                  # charClass
            | DOT                    # any
            | name                   # ref
            | LPAREN group RPAREN    # paren
            ;
quantifier  : STAR                                  # star
            | PLUS                                  # plus
            | QUESTION                              # optional
            | LBRACE INT RBRACE                     # exactly
            | LBRACE INT COMMA RBRACE               # atLeast
            | LBRACE INT COMMA INT RBRACE           # between
            ;
name        : NAME | INT ;
nl          : NEWLINE ;

DEFINE   : '::=' ;
BAR      : '|' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
STAR     : '*' ;
PLUS     : '+' ;
QUESTION : '?' ;
DOT      : '.' ;
INT      : [0-9]+ ;
NAME     : [a-zA-Z0-9-]+ ;
STRING   : '"' ( ~["\\] | '\\' . )* '"' ;
CLASS    : '[' ( ~[\]\\] | '\\' . )* ']' ;
// Unterminated forms match to the end of the input (a terminated one is
// always longer by its closing character, so it wins when it exists).
UNTERMINATED_STRING : '"' ( ~["\\] | '\\' . )* '\\'? ;
UNTERMINATED_CLASS  : '[' ( ~[\]\\] | '\\' . )* '\\'? ;
COMMENT  : '#' ~[\r\n]* -> skip ;
NEWLINE  : '\r\n' | '\n' | '\r' ;
WS       : [ \t]+ -> skip ;
ERROR_CHAR : . ;
