# Kommandoraden (src/cmd/). Prefix: cmd-, args-, population-import-.

## Var ett resultat skrivs, och i vilket format (-o, --format, --csv-dialect).

# Vad -o tar: slutet på meddelandena nedan.
args-choices = -o tar FILE.csv, FILE.json, FILE.xlsx eller FILE.txt (en tabell)
args-unknown-extension = -o { $path }: avgift skriver inte .{ $ext }-filer; { $choices }
args-unknown-extension-hint = -o { $path }: avgift skriver inte .{ $ext }-filer ({ $hint }); { $choices }
args-hint-xlsx = Excel och LibreOffice öppnar .xlsx
args-hint-html = en HTML-sida att skicka skrivs med `avgift report -o FILE.html`
args-hint-pdf = för en PDF, skriv ut sidan från `avgift report` i en webbläsare
args-hint-tsv = --csv-dialect excel-sv skriver CSV som svenska Excel öppnar
args-extension-contradicts-format = -o { $path } anger en .{ $ext }-fil men --format begär { $format }: skriv -o FILE.{ $wanted } eller utelämna --format; { $choices }
args-no-extension = -o { $path }: filnamnet har ingen filändelse som anger formatet; { $choices }, eller lägg till --format
args-xlsx-needs-output = --format xlsx skriver en arbetsbok, inte text till en terminal: lägg till -o FILE.xlsx
args-csv-dialect-needs-csv = --csv-dialect gäller bara CSV-utdata: lägg till --format csv eller -o FILE.csv
args-cannot-write-stdout = kan inte skriva till standard output: { $error }

## Att köra och spela upp en kommandorad igen.

# clap:s egna ord om en kommandorad som det inte godtog, på engelska i alla språk.
cmd-clap-says = { $text }
cmd-replay-verify = ett recept kan inte självt vara verify
# En rad i en sammanfattning på standard error, indragen under raden före.
cmd-indented = {"  "}{ $line }

## Att skriva.

cmd-wrote = skrev { $path }
cmd-cannot-create-folder = kan inte skapa { $path }: { $error }
cmd-cannot-make-workbook = kan inte skapa arbetsboken: { $error }

## project

cmd-project-one-year-at-a-time = taxan gäller { $year }: räkna fram ett år i taget, till { $next } (index tillämpas en gång per år)
cmd-project-not-stdout = nästa års taxa skrivs med filer bredvid sig, inte till standard output: ange en fil
cmd-project-not-toml = -o { $path }: project skriver nästa års taxa, en TOML-fil: -o tar FILE.toml
cmd-project-index-out-of-range = förväntade ett index över -100 % och högst 1 000 %
cmd-project-no-such-index = taxan har inget index { $name }; den har: { $indices }
cmd-project-index-not-name-pct = förväntade NAME=PCT, till exempel avtal=3%
cmd-project-growth-out-of-range = förväntade en tillväxt över -100 % och högst 1 000 %, fann { $found }
cmd-project-growth-not-percent = förväntade en procentsats, till exempel 0.8%, fann { $found }
cmd-project-wrote = skrev { $path } ({ $from } → { $to })

## solve, report, compare, man

cmd-solve-no-workbook = solve skriver en tabell, CSV eller JSON, inte en arbetsbok: kör calc med --set KEY=VALUE för en arbetsbok
cmd-report-not-html = -o { $path }: rapporten är en HTML-sida; -o tar FILE.html (skriv ut den som PDF från en webbläsare)
# Jämförelsens egen anmärkning (på svenska, som tabellen skriver den), vid CSV-utdata.
cmd-compare-note = anmärkning: { $note }
cmd-cannot-render-man-page = kan inte skapa manualsidan: { $error }
cmd-wrote-man-pages = skrev { $n } { $n ->
    [one] manualsida
   *[other] manualsidor
} till { $dir }

## population import

population-import-not-csv = -o { $path }: folkmängdsfilen är CSV (code,name,population): -o tar FILE.csv
population-import-date-not-in-period = --date { $date } ligger inte i den period som lästes ({ $period })
# Vad som lästes: filen, dess uppställning, hur regionerna anges, dess teckenkodning (och avgränsare).
population-import-read = { $file }: { $layout }, regioner angivna som { $regions }, { $encoding }
population-import-read-separated = { $file }: { $layout }, regioner angivna som { $regions }, { $encoding }, { $separated }
population-import-comma-separated = kommaseparerad
population-import-semicolon-separated = semikolonseparerad
population-import-tab-separated = tabbseparerad
population-import-year-as-given = år { $year } (som angivet; filen anger inget år)
population-import-year-from-date = år { $year } (från --date; filen anger inget år)
population-import-year = år { $year }
population-import-year-of = år { $year } (filen har { $years })
population-import-year-not-stated = året anges inte i filen
population-import-reference-date = { $year }, referensdatum { $date }
population-import-municipalities = { $n } { $n ->
    [one] kommun
   *[other] kommuner
}, { $inhabitants } invånare
population-import-skipped = hoppade över { $n } { $n ->
    [one] region som inte är en kommun
   *[other] regioner som inte är kommuner
}: { $regions }
