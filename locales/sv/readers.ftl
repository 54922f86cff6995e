# CSV-läsarna (src/read/): text, poster, folkmängdsfiler, utfall,
# mottagare, fakturaregistret från tidigare versioner, SIE, arbetsböcker.
# Prefix: csv-, text-, population-, actuals-, recipients-, registercsv-,
# sie-, workbook-, municipality-.

## Ett styrtecken i ett namn eller en benämning (argument till andra meddelanden).

text-control-line-break = en radbrytning (U+{ $code }) vid tecken { $at }: namn och benämningar är en rad vanlig text
text-control-tab = en tabb (U+{ $code }) vid tecken { $at }: namn och benämningar är en rad vanlig text
text-control-nul = en NUL-byte (U+{ $code }) vid tecken { $at }: namn och benämningar är en rad vanlig text
text-control-other = ett styrtecken (U+{ $code }) vid tecken { $at }: namn och benämningar är en rad vanlig text

## Teckenkodningen som en fil visade sig ha.

text-encoding-utf8 = UTF-8
text-encoding-utf8-bom = UTF-8 med BOM
text-encoding-windows-1252 = Windows-1252

## Heltal och decimaltal som människor skriver dem.

text-missing-figure = talet saknas
text-expected-whole-number = förväntade ett heltal, fann { $found }
text-negative-figure = negativt tal { $found }
text-not-whole-number = inte ett heltal: { $found } (skriv inga decimaler, och ett mellanslag eller ingenting mellan tusentalen)
text-expected-groups-of-three = förväntade ett heltal med siffrorna i grupper om tre, fann { $found }
text-figure-too-large = talet är för stort: { $found } (högst 10 000 000 000 invånare)
text-decimal-ambiguous = { $found } är tvetydigt i en kommaseparerad fil: kommat kan vara ett decimalkomma eller en tusentalsavgränsare; skriv { $plain } om det är ett decimalkomma eller { $grouped } om det skiljer tusental (decimalpunkt, ingen gruppering), eller spara filen med ; mellan fälten (som svenska Excel gör), så läses ett decimalkomma
text-decimal-comma-and-point = { $found } har både ett komma och en punkt: skriv talet med ett decimaltecken och utan gruppering, till exempel 228000,00
text-expected-number = förväntade ett tal som { $example }, fann { $found }

## CSV-poster (csv-paketets egen text är felet).

csv-cannot-read-row = kan inte läsa raden: { $error }
csv-cannot-read-header = kan inte läsa rubrikraden: { $error }
csv-field-count = förväntade { $expected } fält som i rubrikraden, fann { $found }
csv-column-control = kolumnen { $column }: fann { $why }

## Ett kalkylark där en CSV-fil hör hemma.

workbook-kind-zip = en arbetsbok (.xlsx eller .ods)
workbook-kind-xls = en äldre Excel-arbetsbok (.xls)
workbook-reads-population = en folkmängdsfil som CSV
workbook-reads-actuals = utfallet som CSV
workbook-reads-weights = en viktfil som CSV
workbook-reads-scb = SCB-exporter som CSV eller JSON-stat
workbook-reads-payments = betalningsfiler som BgMax, camt.054 eller CSV
workbook-not-csv = { $kind }, inte en CSV-fil: avgift läser { $what }; välj Spara som › "CSV UTF-8 (kommaavgränsad)" eller "CSV (semikolonavgränsad)" i Excel och ange den filen

## Folkmängdsfiler.

population-empty = tom fil: förväntade en rubrikrad som code,name,population
population-duplicate = kommunen { $code } förekommer två gånger: redan på rad { $first }
population-duplicate-named = kommunen { $code } ({ $name }) förekommer två gånger: redan på rad { $first }
population-sum-too-large = talen blir sammanlagt mer än { $max }
population-no-rows = inga rader med folkmängd
population-cannot-read = kan inte läsa: { $error }
population-hint-scb-export = en SCB-export
population-hint-names = en tabell med kommunnamn
population-hint = inte en folkmängdsfil (code,name,population), utan { $what } som `avgift population import` läser: kör `avgift population import { $file } -o { $out }` och ange sedan --population { $out }
population-hint-year = inte en folkmängdsfil (code,name,population), utan { $what } som `avgift population import` läser: kör `avgift population import { $file } --year ÅR -o { $out }` och ange sedan --population { $out }
population-header-missing-both = förväntade en kolumn med kommunkoder eller kommunnamn ({ $codes }) och en kolumn med folkmängd ({ $counts }) i rubrikraden, fann { $found }
population-header-missing-code = förväntade en kolumn med kommunkoder eller kommunnamn ({ $codes }) i rubrikraden, fann { $found }
population-header-missing-count = förväntade en kolumn med folkmängd ({ $counts }) i rubrikraden, fann { $found }
population-missing-code = kommunkoden saknas
population-name-control = namnet: fann { $why }

## Föregående års utfall.

actuals-header = förväntade en rubrikrad med kolumnerna activity, kind och amount (och year, note, code, party), eller på svenska Verksamhet, Typ och Belopp (eller en beloppskolumn med året som rubrik, till exempel "2023, kr"); fann: { $found }
actuals-year-differs = år { $year } skiljer sig från år { $first } på rad { $line }: en fil innehåller ett år
actuals-expected-year = förväntade ett år som 2022, fann { $found }
actuals-expected-note = förväntade ett notnummer, fann { $found }
actuals-missing-activity = verksamheten saknas
actuals-expected-kind = förväntade typen municipality, external, adjustment eller total (kommun, extern, justering, summa), fann { $found }
actuals-code-needed = en kommunrad behöver sin kod
actuals-code-not-municipality = bara kommunrader har en kod, fann { $found }
actuals-party-needed = en rad för en extern betalare eller en justering behöver sin part (betalarens namn eller en benämning)
actuals-missing-amount = beloppet saknas
actuals-amount = belopp: { $why }
actuals-amount-too-large = beloppet { $amount } är större än någon budget (högst 1000000000000000)
actuals-no-rows = inga rader: förväntade en rad per part och verksamhet

## Mottagarfilen.

recipients-header = förväntade en rubrikrad med kolumnerna { $columns }
recipients-field-count = { $found } fält, men rubrikraden har { $expected } ({ $header }): ett fält saknas eller är ett för mycket
recipients-missing = mottagaren saknas (en kommunkod eller en betalares id)
recipients-twice = mottagaren { $key } står två gånger (först på rad { $first })
recipients-column-twice = kolumnen { $column } förekommer två gånger
recipients-unknown-column-suggest = okänd kolumn { $found } (kolumn { $n }); menade du { $suggestion }?
recipients-unknown-column = okänd kolumn { $found } (kolumn { $n }); förväntade kolumnerna { $columns }
recipients-missing-column = kolumnen { $column } saknas: förväntade kolumnerna { $columns }
recipients-org-nr = org_nr för { $key }: { $why }
recipients-peppol-id = peppol_id för { $key }: { $why }

## Fakturaregistret i CSV från tidigare versioner (register.csv, register-lines.csv).

registercsv-cannot-read = kolumnen { $column }: kan inte läsa { $found }
registercsv-lines-sum = faktura { $number }: register-lines.csv summerar till { $sum }, fakturaregistret anger { $amount }
registercsv-twice = nummer { $number } är registrerat två gånger
registercsv-gap = { $issuer }: numren hoppar från { $from } till { $to }: serien måste vara utan luckor (togs en rad bort?)
registercsv-orphan-lines = rader till faktura { $number } som fakturaregistret inte har
registercsv-columns = förväntade kolumnerna { $columns }

## SIE-filer som läses tillbaka.

sie-close-without-ver = rad { $line }: {"}"} utan #VER: { $text }
sie-short-ver = rad { $line }: ofullständig #VER: { $text }
sie-trans-outside = rad { $line }: #TRANS utanför en verifikation: { $text }
sie-short-trans = rad { $line }: ofullständig #TRANS: { $text }
sie-bad-amount = rad { $line }: felaktigt belopp: { $text }
sie-short-konto = rad { $line }: ofullständig #KONTO: { $text }
sie-not-a-record = rad { $line }: inte en SIE-post: { $text }
sie-voucher-not-closed = en verifikation avslutas inte med {"}"}
