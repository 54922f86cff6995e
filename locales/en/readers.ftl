# The CSV readers (src/read/): text, records, population files, actuals,
# recipients, the register of earlier versions, SIE, workbooks.
# Prefixes: csv-, text-, population-, actuals-, recipients-, registercsv-,
# sie-, workbook-, municipality-.

## A control character in a name or label (an argument of other messages).

text-control-line-break = a line break (U+{ $code }) at character { $at }: names and labels are one line of plain text
text-control-tab = a tab (U+{ $code }) at character { $at }: names and labels are one line of plain text
text-control-nul = a NUL byte (U+{ $code }) at character { $at }: names and labels are one line of plain text
text-control-other = a control character (U+{ $code }) at character { $at }: names and labels are one line of plain text

## The encoding a file was found to be in.

text-encoding-utf8 = UTF-8
text-encoding-utf8-bom = UTF-8 with BOM
text-encoding-windows-1252 = Windows-1252

## Whole numbers and decimals as people write them.

text-missing-figure = missing figure
text-expected-whole-number = expected a whole number, found { $found }
text-negative-figure = negative figure { $found }
text-not-whole-number = not a whole number: { $found } (write no decimals, and a space or nothing between thousands)
text-expected-groups-of-three = expected a whole number with its digits in groups of three, found { $found }
text-figure-too-large = figure too large: { $found } (at most 10 000 000 000 inhabitants)
text-decimal-ambiguous = { $found } is ambiguous in a comma-separated file: the comma could be a decimal comma or a thousands separator; write { $plain } if it is a decimal comma or { $grouped } if it separates thousands (a decimal point, no grouping), or save the file with ; between fields (as Swedish Excel does), where a decimal comma is read
text-decimal-comma-and-point = { $found } has both a comma and a point: write the number with one decimal mark and no grouping, such as 228000,00
text-expected-number = expected a number such as { $example }, found { $found }

## CSV records (the csv crate's own text is the error).

csv-cannot-read-row = cannot read the row: { $error }
csv-cannot-read-header = cannot read the header: { $error }
csv-field-count = expected { $expected } fields as in the header, found { $found }
csv-column-control = column { $column }: found { $why }

## A spreadsheet given where a CSV file belongs.

workbook-kind-zip = a spreadsheet workbook (.xlsx or .ods)
workbook-kind-xls = an old Excel workbook (.xls)
workbook-reads-population = a population file as CSV
workbook-reads-actuals = the actuals as CSV
workbook-reads-weights = a weight file as CSV
workbook-reads-scb = SCB exports as CSV or JSON-stat
workbook-reads-payments = payment files as BgMax, camt.054 or CSV
workbook-not-csv = { $kind }, not a CSV file: avgift reads { $what }; in Excel choose Spara som › "CSV UTF-8 (kommaavgränsad)" or "CSV (semikolonavgränsad)" and give that file

## Population files.

population-empty = empty file: expected a header line such as code,name,population
population-duplicate = duplicate municipality { $code }: already on line { $first }
population-duplicate-named = duplicate municipality { $code } ({ $name }): already on line { $first }
population-sum-too-large = the figures add up to more than { $max }
population-no-rows = no population rows
population-cannot-read = cannot read: { $error }
population-hint-scb-export = an SCB export
population-hint-names = a table of municipality names
population-hint = not a population file (code,name,population), but { $what } that `avgift population import` reads: run `avgift population import { $file } -o { $out }`, then pass --population { $out }
population-hint-year = not a population file (code,name,population), but { $what } that `avgift population import` reads: run `avgift population import { $file } --year YEAR -o { $out }`, then pass --population { $out }
population-header-missing-both = expected a column of municipality codes or names ({ $codes }) and a population column ({ $counts }) in the header, found { $found }
population-header-missing-code = expected a column of municipality codes or names ({ $codes }) in the header, found { $found }
population-header-missing-count = expected a population column ({ $counts }) in the header, found { $found }
population-missing-code = missing municipality code
population-name-control = the name: found { $why }

## Last year's actuals.

actuals-header = expected a header with the columns activity, kind and amount (and year, note, code, party), or in Swedish Verksamhet, Typ and Belopp (or an amount column headed by its year, such as "2023, kr"); found: { $found }
actuals-year-differs = year { $year } differs from year { $first } on line { $line }: one file holds one year
actuals-expected-year = expected a year such as 2022, found { $found }
actuals-expected-note = expected a note number, found { $found }
actuals-missing-activity = missing activity
actuals-expected-kind = expected kind municipality, external, adjustment or total (kommun, extern, justering, summa), found { $found }
actuals-code-needed = a municipality row needs its code
actuals-code-not-municipality = only municipality rows have a code, found { $found }
actuals-party-needed = an external or adjustment row needs its party (payer name or label)
actuals-missing-amount = missing amount
actuals-amount = amount: { $why }
actuals-amount-too-large = the amount { $amount } is beyond any budget (at most 1000000000000000)
actuals-no-rows = no rows: expected one row per party and activity

## The recipients file.

recipients-header = expected a header with the columns { $columns }
recipients-field-count = { $found } fields, but the header has { $expected } ({ $header }): a field is missing or one too many
recipients-missing = missing recipient (a municipality code or a payer id)
recipients-twice = recipient { $key } is listed twice (first on line { $first })
recipients-column-twice = column { $column } appears twice
recipients-unknown-column-suggest = unknown column { $found } (column { $n }); did you mean { $suggestion }?
recipients-unknown-column = unknown column { $found } (column { $n }); expected the columns { $columns }
recipients-missing-column = missing column { $column }: expected the columns { $columns }
recipients-org-nr = org_nr of { $key }: { $why }
recipients-peppol-id = peppol_id of { $key }: { $why }

## The CSV register of earlier versions (register.csv, register-lines.csv).

registercsv-cannot-read = column { $column }: cannot read { $found }
registercsv-lines-sum = invoice { $number }: register-lines.csv sums to { $sum }, the register says { $amount }
registercsv-twice = number { $number } is registered twice
registercsv-gap = { $issuer }: the numbers jump from { $from } to { $to }: the series must be gap-free (was a row deleted?)
registercsv-orphan-lines = lines of invoice { $number } that the register does not hold
registercsv-columns = expected the columns { $columns }

## SIE files read back.

sie-close-without-ver = line { $line }: {"}"} without #VER: { $text }
sie-short-ver = line { $line }: short #VER: { $text }
sie-trans-outside = line { $line }: #TRANS outside a voucher: { $text }
sie-short-trans = line { $line }: short #TRANS: { $text }
sie-bad-amount = line { $line }: bad amount: { $text }
sie-short-konto = line { $line }: short #KONTO: { $text }
sie-not-a-record = line { $line }: not a SIE record: { $text }
sie-voucher-not-closed = a voucher is not closed with {"}"}
