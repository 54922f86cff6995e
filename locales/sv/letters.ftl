# Brev till medlemmarna, tabellen kommun × verksamhet, budgetar som läses
# in igen (src/cmd/letters.rs, src/write/letters.rs, src/read/actuals.rs).
# Prefix: letters-, matrix-, budget-.

## En utfallsfil som säger vad dess belopp är (dess kolumn status).

# $found: värdet, citerat.
budget-status-unknown = status: förväntade utfall (actual) eller budget, fann { $found }
# $found: värdet, citerat; $line: den första radens rad.
budget-status-differs = status { $found } skiljer sig från status på rad { $line }: en fil innehåller ett slags belopp
