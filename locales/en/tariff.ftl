# The tariff, TOML documents, numbers, --set and weight files
# (src/read/tariff/, src/read/toml.rs, src/number.rs, src/read/overrides.rs,
# src/read/weights.rs). Prefixes: tariff-, toml-, number-, override-, weights-.

## What a TOML value is, after "found".

toml-kind-string = a string
toml-kind-integer = an integer
toml-kind-decimal = a decimal number
toml-kind-boolean = a boolean
toml-kind-date = a date
toml-kind-array = an array
toml-kind-table = a table
toml-kind-array-of-tables = an array of tables

## A TOML document and its values. $detail is the TOML parser's own text.

toml-not-valid = not valid TOML: { $detail }
toml-not-valid-hint = not valid TOML: { $detail }; { $hint }
toml-integer-overflow = integer number overflowed
toml-float-overflow = floating-point number overflowed
toml-expected-table = expected a table, found { $found }
toml-expected-file-name = expected a file name, found an empty string
toml-found-control = found { $why }
toml-expected-string = expected a string, found { $found }
toml-expected-bool = expected true or false, found { $found }
toml-expected-whole-number = expected a whole number, found { $found }
toml-expected-whole-number-in = expected a whole number from { $min } to { $max }, found { $found }
toml-expected-number = expected a number such as 135000 or 6.53, found { $found }
toml-expected-number-comma = expected a number such as 135000 or 6.53, found { $found } { $text }: TOML numbers use a decimal point: write { $number }
toml-expected-number-percent = expected a number such as 135000 or 6.53, found { $found } (a percentage is not an amount here)
toml-expected-number-quoted = expected a number such as 135000 or 6.53, found { $found } (write numbers without quotes)
toml-expected-percentage = expected a percentage such as "2.5%", found { $found }
toml-found-number-not-percent = the number { $number } (write "{ $number }%" to mean per cent)
toml-percentage-too-precise = the percentage { $why }
toml-missing-key = missing key { $key }
toml-unknown-key = unknown key { $key }; expected one of: { $expected }
toml-unknown-key-did-you-mean = unknown key { $key }; did you mean { $suggestion }?

## A number's text read exactly.

number-not-finite = expected a finite decimal number, found { $found }
number-too-many-digits = { $number } has { $digits } significant digits: avgift keeps at most { $max } significant digits and { $max } decimal places exactly, and does not round what it reads
number-too-many-places = { $number } has { $places } decimal places: avgift keeps at most { $max } significant digits and { $max } decimal places exactly, and does not round what it reads
number-too-many = { $number } has too many digits: avgift keeps at most { $max } significant digits and { $max } decimal places exactly, and does not round what it reads

## The tariff file.

tariff-not-utf8 = a tariff must be UTF-8 text; found a byte that is not UTF-8 (saved as Windows-1252?)
tariff-set-not-toml = the tariff with --set applied is not valid TOML: { $detail }
# A problem of a file the tariff names, at the tariff's key: where, and what.
tariff-problem-at = { $place }: { $problem }
tariff-hint-decimal-point = TOML numbers use a decimal point: write { $number }
tariff-hint-decimal-point-and-underscore = TOML numbers use a decimal point and group digits with _: write { $number }
tariff-hint-underscore = TOML numbers group digits with _, not spaces: write { $number }
tariff-key-control = the key has { $why }
tariff-format-version = this avgift reads tariff format { $reads }, the file is format { $found }
tariff-payer-id-unsafe = payer id { $id } cannot name a file: use at most 40 ASCII letters, digits, '_' or '-', beginning with a letter
tariff-payer-ids-case = payer ids { $first } and { $second } differ only in case: their files would clash
tariff-expected-adjustments = expected [[adjustments]] tables, found { $found }
tariff-adjustment-decimals = an adjustment is in kronor and öre: at most two decimals, found { $found }
tariff-expected-precision = expected "öre", "krona" or "exact", found { $found }
tariff-expected-code = expected a municipality code such as "1490", found { $found }
tariff-expected-codes = expected a list of municipality codes such as ["1490", "1463"], found { $found }

## A charge.

tariff-activity-and-split = give either activity or split, not both
tariff-missing-activity = missing key "activity" (or "split" to divide the charge across activities)
tariff-previous-missing-index = missing key "index": the previous rule multiplies last year's amount by (1 + index)
tariff-unknown-rule = unknown rule { $rule }; expected one of: { $expected }
tariff-key-of-another-rule = { $key } belongs to rule { $owner }, not { $rule }
tariff-rate-and-rates = give either rate or rates (per group), not both
tariff-missing-rate = missing key "rate" (or "rates" with a rate per group)
tariff-weight-file-unused = a weight file is given but the weights do not use "data"
tariff-weight-data-needs-file = weights with "data" need weight_file and weight_column
tariff-external-amount-or-share = an external payer needs either amount (kronor) or share (of the municipalities' total)
tariff-expected-member = expected a municipality code or a group name, found { $found }
tariff-expected-participants = expected "everyone", a group name or a list of codes, found { $found }
tariff-code-twice = municipality { $code } is listed twice
tariff-unknown-weights = unknown weights { $found }; expected "population", "equal", "data" or a table of shares

## The [invoice] section.

tariff-expected-ocr = expected "none", "luhn" or "luhn-length", found { $found }
tariff-expected-vat-reason = expected the reason as text, found an empty string (leave the key out for the default)
tariff-expected-vat-category = expected "O" (outside the scope of VAT, the default) or "E" (exempt), found { $found }: invoices with VAT (S and the other categories) are not supported
tariff-expected-vat-id = expected a Swedish VAT number: SE, the 10-digit organisation number and 01 (SE222000123401), found { $found }
tariff-expected-account = expected an account number such as "1510", found { $found }
tariff-expected-account-digits = expected an account number of digits, found { $found }

## --set KEY=VALUE. $table is the tariff's table (indices, groups,
## activities, payers): the words are chosen by it.

override-expected-key-value = expected KEY=VALUE, such as charges.dso.rate=6.80
override-not-a-key = { $key } is not a tariff key such as charges.dso.rate
override-empty-key = the key is empty
override-no-table = the tariff has no table { $table }
override-no-table-did-you-mean = the tariff has no table { $table }; did you mean { $suggestion }?
override-no-table-has = the tariff has no table { $table }; it has: { $has }
override-unused-did-you-mean = adds { $table ->
        [indices] an index
        [groups] a group
        [activities] an activity
       *[payers] a payer
    } { $name } that { $table ->
        [indices] no charge uses
        [groups] no charge's participants or rates name
        [activities] no charge or adjustment goes to
       *[payers] no charge is paid by
    }; did you mean { $suggestion }?
override-unused-none = adds { $table ->
        [indices] an index
        [groups] a group
        [activities] an activity
       *[payers] a payer
    } { $name } that { $table ->
        [indices] no charge uses
        [groups] no charge's participants or rates name
        [activities] no charge or adjustment goes to
       *[payers] no charge is paid by
    }; the tariff has no { $table }
override-unused = adds { $table ->
        [indices] an index
        [groups] a group
        [activities] an activity
       *[payers] a payer
    } { $name } that { $table ->
        [indices] no charge uses
        [groups] no charge's participants or rates name
        [activities] no charge or adjustment goes to
       *[payers] no charge is paid by
    }; the tariff's { $table }: { $existing }

## A weight file (a CSV with a code column and the named column).

weights-expected-columns = expected a municipality column (codes: { $codes }; or codes or names: { $names }) and the column { $column }; found: { $found }
weights-field-count = expected { $expected } fields as in the header, found { $found }
weights-duplicate = duplicate municipality { $code }
weights-negative = a weight must not be negative, found { $found }
weights-missing = missing number of { $column }
weights-bad-number = { $column }: { $why }
