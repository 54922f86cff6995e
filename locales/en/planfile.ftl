# A plan file (src/read/plan.rs). Prefix: planfile-.

planfile-not-utf8 = a plan must be UTF-8 text
planfile-format-version = this avgift reads plan format { $reads }, the file is format { $found }
planfile-missing-tariff = missing key "tariff" (the base tariff, relative to the plan)
planfile-missing-years = missing key "years" (such as [2024, 2025, 2026])
planfile-scenario-named-base = "base" is the plan itself; give the scenario another id
planfile-expected-years = expected a list of years such as [2024, 2025, 2026], found { $found }
planfile-year-count = a plan has from 1 to { $max } years, this one has { $found }
planfile-years-in-a-row = the years must follow each other, the budget year first, such as [2024, 2025, 2026]
planfile-expected-plan-year = expected one of the plan's years ({ $years }), found { $found }
planfile-forecast-and-growth = give either forecast (a file) or growth, not both
planfile-expected-population = expected forecast = "FILE" or growth = "0.5%"
planfile-expected-growth-code = expected a municipality code (like 1490) or default, found { $found }
planfile-expected-targets = expected [[{ $key }]] tables, found { $found }
planfile-target-amount-range = the amount must be from 0 to 1 000 000 000 000 000 kr
planfile-missing-scenario-name = missing key "name" (shown in headings)
planfile-expected-set-item = expected "KEY=VALUE" as in --set, such as "charges.dso.rate=6.80"
planfile-expected-set-list = expected a list of "KEY=VALUE" as in --set, found { $found }
