# Numbers, headers and names as Swedish files write them (src/read/figure.rs,
# the CSV readers' headers and names, `invoice --only`, workbook sheets).
# Prefixes: number-form-, header-, name-, only-, sheet-.

## A character named in words (an argument of other messages).

number-form-char-space = a space (U+{ $code })
number-form-char-nbsp = a no-break space (U+{ $code })
number-form-char-nnbsp = a narrow no-break space (U+{ $code })
number-form-char-thin-space = a thin space (U+{ $code })
number-form-char-figure-space = a figure space (U+{ $code })
number-form-char-other-space = a space character (U+{ $code })
number-form-char-tab = a tab (U+{ $code })
number-form-char-hyphen = a hyphen (U+{ $code })
number-form-char-en-dash = an en dash (U+{ $code })
number-form-char-em-dash = an em dash (U+{ $code })
number-form-char-apostrophe = an apostrophe (U+{ $code })
number-form-char-underscore = an underscore (U+{ $code })
number-form-char-invisible = an invisible character (U+{ $code })
number-form-char-other = the character "{ $char }" (U+{ $code })

## Figures in CSV fields.

number-form-not-a-minus = { $found } begins with { $char }, not a minus sign: replace it with - or − (U+2212)
number-form-trailing-minus = { $found } has its minus sign after the number: write it before, as in -342 000
number-form-bad-separator = { $found }: { $char } between the digits at character { $at }: thousands are grouped by a space, a no-break space (U+00A0) or a narrow no-break space (U+202F); replace it with a space
number-form-unexpected-char = { $found }: { $char } at character { $at } does not belong in a number (digits, a space between thousands, a decimal mark, and kr, tkr or % after them); delete it
number-form-unknown-unit = { $found }: unknown unit { $unit }: write kr, tkr or %, or the number alone
number-form-unit-not-here = { $found }: { $unit } where { $what } belongs: write the number alone
number-form-what-count = a number of inhabitants
number-form-percent-not-amount = { $found } is a percentage where an amount in kronor belongs: write the amount in kr or tkr
number-form-decimal-comma = { $found }: a decimal comma in a comma-separated file, where commas separate fields: write { $plain } with a decimal point, or save the file with ; between fields (as Swedish Excel does), where a decimal comma is read
number-form-beyond-exact = { $found } is beyond what avgift keeps exactly with its unit (at most 28 decimal places and 28 significant digits): write it in another unit, or with fewer digits
number-form-comma-grouping = { $found } is grouped with commas in a comma-separated file, where a comma could also be a decimal comma: write { $grouped } without grouping, or save the file with ; between fields (as Swedish Excel does)
number-form-weights-mixed-percent = this value and the value on line { $first } are not written alike: one is a percentage, the other not; write every weight of the column as a percentage, or none
# What `check` says of an actuals file with amounts in tkr.
number-form-tkr-read = note: { $rows } { $rows ->
    [one] amount
   *[other] amounts
} in tkr, read as kronor (× 1 000)

## Headers.

# What `check` says of an actuals file with amount columns for several years.
header-year-column-read = note: the amounts read are column { $column }, the latest year's; the file also has { $others }

# A note table (the annual report's layout) read as actuals.
header-note-table = expected the note table's header after its title: the unit (Tkr or Kr) and the years, such as Tkr;2023;2022; found { $found }
header-note-table-column = note: the amounts read are column { $column } of each table, the latest year's
header-note-tables-read = note: read as { $tables } { $tables ->
    [one] note table
   *[other] note tables
} (a title with the note's number and activity, then the unit and the years): a row naming a municipality is the municipality's, Summa is the total, Fakturerat … an external payer's, and any other row an adjustment

## Municipalities named instead of coded.

name-label-near-municipality = { $label } names no municipality, but is near { $near }: write the municipality's name as SCB writes it (a row that names none is read as an adjustment)

name-party-unknown = { $why } (A municipality row needs its code, or its party written as the municipality's name.)

## `invoice --only` (src/invoicing/only.rs).

only-unknown-near = no invoice goes to { $key }; did you mean { $near }?
only-unknown-near-several = no invoice goes to { $key }; did you mean { $near } or { $last }?
only-not-in-batch = { $key } is { $name } ({ $code }), which has no invoice in this batch; --only takes a municipality code or name, or a payer id, of this batch: { $known }
