# En planfil (src/read/plan.rs). Prefix: planfile-.

planfile-not-utf8 = en plan måste vara UTF-8-text
planfile-format-version = den här versionen av avgift läser planformat { $reads }, filen har format { $found }
planfile-missing-tariff = nyckeln "tariff" saknas (grundtaxan, relativt planen)
planfile-missing-years = nyckeln "years" saknas (till exempel [2024, 2025, 2026])
planfile-scenario-named-base = "base" är själva planen; ge scenariot ett annat id
planfile-expected-years = förväntade en lista med år som [2024, 2025, 2026], fann { $found }
planfile-year-count = en plan har från 1 till { $max } år, den här har { $found }
planfile-years-in-a-row = åren måste följa på varandra, budgetåret först, till exempel [2024, 2025, 2026]
planfile-expected-plan-year = förväntade ett av planens år ({ $years }), fann { $found }
planfile-forecast-and-growth = ange antingen forecast (en fil) eller growth, inte båda
planfile-expected-population = förväntade forecast = "FIL" eller growth = "0.5%"
planfile-expected-growth-code = förväntade en kommunkod (som 1490) eller default, fann { $found }
planfile-expected-targets = förväntade [[{ $key }]]-tabeller, fann { $found }
planfile-target-amount-range = beloppet måste vara från 0 till 1 000 000 000 000 000 kr
planfile-missing-scenario-name = nyckeln "name" saknas (visas i rubriker)
planfile-expected-set-item = förväntade "KEY=VALUE" som i --set, till exempel "charges.dso.rate=6.80"
planfile-expected-set-list = förväntade en lista med "KEY=VALUE" som i --set, fann { $found }
