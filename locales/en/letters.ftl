# Letters to the members, the municipality × activity table, budgets read
# back (src/cmd/letters.rs, src/write/letters.rs, src/read/actuals.rs).
# Prefixes: letters-, matrix-, budget-.

## An actuals file that says what its amounts are (its column status).

# $found: the value, quoted.
budget-status-unknown = status: expected actual (utfall) or budget, found { $found }
# $found: the value, quoted; $line: the first row's line.
budget-status-differs = status { $found } differs from the status on line { $line }: one file holds one kind of figures

## avgift letters.

letters-output-folder = is not a folder: -o names the folder the letters are written to
letters-plan-options = --population, --actuals and --set apply to a tariff; a plan's letters are made as the plan says (its scenarios say their own changes)
letters-scenario-needs-plan = --scenario picks one of a plan's scenarios: give a plan, not a tariff
# $id: the id given, quoted; $ids: the plan's scenarios.
letters-no-such-scenario = the plan has no scenario { $id }; it has: { $ids }
# $letters, $files: counts; $folder: the folder.
letters-written = { $letters } { $letters ->
    [one] letter
   *[other] letters
}: wrote { $files } files to { $folder }
