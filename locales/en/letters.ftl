# Letters to the members, the municipality × activity table, budgets read
# back (src/cmd/letters.rs, src/write/letters.rs, src/read/actuals.rs).
# Prefixes: letters-, matrix-, budget-.

## An actuals file that says what its amounts are (its column status).

# $found: the value, quoted.
budget-status-unknown = status: expected actual (utfall) or budget, found { $found }
# $found: the value, quoted; $line: the first row's line.
budget-status-differs = status { $found } differs from the status on line { $line }: one file holds one kind of figures
