# The command line (src/cmd/). Prefixes: cmd-, args-, population-import-.

## Where a result is written, and in what format (-o, --format, --csv-dialect).

# What -o takes: the end of the messages below.
args-choices = -o takes FILE.csv, FILE.json, FILE.xlsx or FILE.txt (a table)
args-unknown-extension = -o { $path }: avgift does not write .{ $ext } files; { $choices }
args-unknown-extension-hint = -o { $path }: avgift does not write .{ $ext } files ({ $hint }); { $choices }
args-hint-xlsx = Excel and LibreOffice open .xlsx
args-hint-html = an HTML page to send is `avgift report -o FILE.html`
args-hint-pdf = for a PDF, print `avgift report`'s page from a browser
args-hint-tsv = --csv-dialect excel-sv writes CSV that Swedish Excel opens
args-extension-contradicts-format = -o { $path } names a .{ $ext } file but --format asks for { $format }: write -o FILE.{ $wanted }, or leave out --format; { $choices }
args-no-extension = -o { $path }: the file name has no extension to tell the format; { $choices }, or add --format
args-xlsx-needs-output = --format xlsx writes a workbook, not text for a terminal: add -o FILE.xlsx
args-csv-dialect-needs-csv = --csv-dialect applies to CSV output only: add --format csv, or -o FILE.csv
args-cannot-write-stdout = cannot write: { $error }

## Running and replaying a command line.

# clap's own words about a command line it refused, in English in every language.
cmd-clap-says = { $text }
cmd-replay-verify = a recipe cannot be verify itself
# A line of a summary on standard error, indented under the line before it.
cmd-indented = {"  "}{ $line }

## Writing.

cmd-wrote = wrote { $path }
cmd-cannot-create-folder = cannot create { $path }: { $error }
cmd-cannot-make-workbook = cannot make the workbook: { $error }

## project

cmd-project-one-year-at-a-time = the tariff is for { $year }: project one year at a time, to { $next } (indices apply once per year)
cmd-project-not-stdout = next year's tariff comes with files beside it, not on standard output: name a file
cmd-project-not-toml = -o { $path }: project writes next year's tariff, a TOML file: -o takes FILE.toml
cmd-project-index-out-of-range = expected an index above -100 % and at most 1 000 %
cmd-project-no-such-index = the tariff has no index { $name }; it has: { $indices }
cmd-project-index-not-name-pct = expected NAME=PCT, such as avtal=3%
cmd-project-growth-out-of-range = expected a growth above -100 % and at most 1 000 %, found { $found }
cmd-project-growth-not-percent = expected a percentage such as 0.8%, found { $found }
cmd-project-wrote = wrote { $path } ({ $from } → { $to })

## solve, report, compare, man

cmd-solve-no-workbook = solve writes a table, CSV or JSON, not a workbook: run calc with --set KEY=VALUE for one
cmd-report-not-html = -o { $path }: the report is an HTML page; -o takes FILE.html (print it to PDF from a browser)
# The comparison's own note (Swedish, as the table prints it), for CSV output.
cmd-compare-note = note: { $note }
cmd-cannot-render-man-page = cannot render the man page: { $error }
cmd-wrote-man-pages = wrote { $n } man pages to { $dir }

## population import

population-import-not-csv = -o { $path }: the population file is CSV (code,name,population): -o takes FILE.csv
population-import-date-not-in-period = --date { $date } is not in the period read ({ $period })
# What was read: the file, its layout, how regions are named, its encoding (and delimiter).
population-import-read = { $file }: { $layout }, regions as { $regions }, { $encoding }
population-import-read-separated = { $file }: { $layout }, regions as { $regions }, { $encoding }, { $separated }
population-import-comma-separated = comma-separated
population-import-semicolon-separated = semicolon-separated
population-import-tab-separated = tab-separated
population-import-year-as-given = year { $year } (as given; the file names no year)
population-import-year-from-date = year { $year } (from --date; the file names no year)
population-import-year = year { $year }
population-import-year-of = year { $year } (the file has { $years })
population-import-year-not-stated = year not stated in the file
population-import-reference-date = { $year }, reference date { $date }
population-import-municipalities = { $n } { $n ->
    [one] municipality
   *[other] municipalities
}, { $inhabitants } inhabitants
population-import-skipped = skipped { $n } { $n ->
    [one] region that is not a municipality
   *[other] regions that are not municipalities
}: { $regions }
