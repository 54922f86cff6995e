# Brev till medlemmarna, tabellen kommun × verksamhet, budgetar som läses
# in igen (src/cmd/letters.rs, src/write/letters.rs, src/read/actuals.rs).
# Prefix: letters-, matrix-, budget-.

## En utfallsfil som säger vad dess belopp är (dess kolumn status).

# $found: värdet, citerat.
budget-status-unknown = status: förväntade utfall (actual) eller budget, fann { $found }
# $found: värdet, citerat; $line: den första radens rad.
budget-status-differs = status { $found } skiljer sig från status på rad { $line }: en fil innehåller ett slags belopp

## avgift letters.

letters-output-folder = är inte en mapp: -o anger mappen som breven skrivs till
letters-plan-options = --population, --actuals och --set gäller en taxa; en plans brev görs som planen säger (dess scenarier anger sina egna ändringar)
letters-scenario-needs-plan = --scenario väljer ett av en plans scenarier: ange en plan, inte en taxa
# $id: det angivna id:t, citerat; $ids: planens scenarier.
letters-no-such-scenario = planen har inget scenario { $id }; den har: { $ids }
# $letters, $files: antal; $folder: mappen.
letters-written = { $letters } brev: skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }
