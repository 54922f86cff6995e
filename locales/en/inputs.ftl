# A tariff run's inputs, loaded and checked against each other
# (src/inputs.rs). Prefixes: inputs-, audit-.

inputs-no-population-file = the tariff names no population file: add population = "FILE" or pass --population
# $year: the actuals' year; $tariff_year: the tariff's; $wanted: the year before the tariff's; $next: the year after the actuals'.
inputs-actuals-wrong-year = these actuals are for { $year }, but a { $tariff_year } tariff compares with and indexes { $wanted }: pass { $wanted }'s actuals with --actuals, or use this file with a { $next } tariff

## The tariff's municipality codes against SCB's list and the population file ($file).

inputs-not-a-code = { $code } is not a municipality code: not one of SCB's 290 municipalities, and { $file } has no row for it
inputs-code-in-no-group = municipality { $code } ({ $name }) is in no group and { $file } has no row for it
# A municipality missing from the population file, and the charge ($charge) or charges ($charges and $last) that need its inhabitants.
inputs-no-row-one = no row for municipality { $code } ({ $name }), whose inhabitants the charge { $charge } needs: add its row, or pass --population with a file that has it
inputs-no-row-one-unnamed = no row for municipality { $code }, whose inhabitants the charge { $charge } needs: add its row, or pass --population with a file that has it
inputs-no-row-many = no row for municipality { $code } ({ $name }), whose inhabitants the charges { $charges } and { $last } need: add its row, or pass --population with a file that has it
inputs-no-row-many-unnamed = no row for municipality { $code }, whose inhabitants the charges { $charges } and { $last } need: add its row, or pass --population with a file that has it
