# Planning: a projected year, a plan's years, solving for a value
# (src/planning/). Prefixes: project-, planning-, solve-.

## A problem carried by another message, as it is shown on its own.

# $place: a file (with its line and column), a key, or an option.
planning-at = { $place }: { $message }
planning-at-line = line { $line }: { $message }
# Two or more problems, one per line.
planning-lines =
    { $first }
    { $rest }

## A plan's years.

planning-budget-year = years: the budget year must be the tariff's year ({ $year }) or the year after ({ $next }), found { $found }
planning-no-index = { $key }: the tariff has no index { $name }; it has: { $indices }
planning-cannot-parse-projected = cannot parse a projected tariff: { $error }
planning-cannot-parse = cannot parse { $path }: { $error }
planning-cannot-create = cannot create { $path }: { $error }

## A projected year.

project-does-not-compute = with these assumptions the projected tariff does not compute: { $problem }

## Solving for a value (--vary, --covers).

solve-expected-covers = expected ACTIVITY=AMOUNT, such as dso=2600000
solve-expected-amount = expected an amount in kronor such as 2600000, found { $found }
solve-amount-range = the amount must be from 0 to 1 000 000 000 000 000 kr
solve-no-activity = the tariff has no activity { $activity }; it has: { $activities }
# Two or more reasons, one after the other.
solve-reasons = { $first }; { $rest }
solve-not-a-number = { $key } is not a number in the tariff ({ $value }): solve varies amounts and rates
solve-is-a-table = { $key } is a table, not a number: name one value, such as { $key }.rate
solve-no-effect = the invoiced total of { $activity } does not grow with { $key }: it stays { $total } from 0 up; vary a key that { $activity } is computed from
solve-unreachable = { $activity } cannot reach { $target } by varying { $key }: the most it reaches is { $best } at { $at }
# $refused: the problems with the next value.
solve-unreachable-refused = { $activity } cannot reach { $target } by varying { $key }: the most it reaches is { $best } at { $at } (the tariff refuses more: { $refused })
solve-does-not-compute = the tariff does not compute with { $key } = { $value }
