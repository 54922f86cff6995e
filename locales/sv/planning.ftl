# Planering: ett framskrivet år, en plans år, att lösa ut ett värde
# (src/planning/). Prefix: project-, planning-, solve-.

## Ett problem som ett annat meddelande bär, som det visas för sig.

# $place: en fil (med rad och kolumn), en nyckel eller en flagga.
planning-at = { $place }: { $message }
planning-at-line = rad { $line }: { $message }
# Två eller flera problem, ett per rad.
planning-lines =
    { $first }
    { $rest }

## En plans år.

planning-budget-year = years: budgetåret måste vara taxans år ({ $year }) eller året efter ({ $next }), fann { $found }
planning-no-index = { $key }: taxan har inget index { $name }; den har: { $indices }
planning-cannot-parse-projected = kan inte tolka en framskriven taxa: { $error }
planning-cannot-parse = kan inte tolka { $path }: { $error }
planning-cannot-create = kan inte skapa { $path }: { $error }

## Ett framskrivet år.

project-does-not-compute = med de här antagandena går den framskrivna taxan inte att beräkna: { $problem }

## Att lösa ut ett värde (--vary, --covers).

solve-expected-covers = förväntade ACTIVITY=AMOUNT, till exempel dso=2600000
solve-expected-amount = förväntade ett belopp i kronor som 2600000, fann { $found }
solve-amount-range = beloppet måste vara från 0 till 1 000 000 000 000 000 kr
solve-no-activity = taxan har ingen verksamhet { $activity }; den har: { $activities }
# Två eller flera skäl, efter varandra.
solve-reasons = { $first }; { $rest }
solve-not-a-number = { $key } är inte ett tal i taxan ({ $value }): solve varierar belopp och belopp per invånare
solve-is-a-table = { $key } är en tabell, inte ett tal: ange ett värde, till exempel { $key }.rate
solve-no-effect = den fakturerade summan för { $activity } ökar inte med { $key }: den är { $total } från 0 och uppåt; variera en nyckel som { $activity } beräknas från
solve-unreachable = { $activity } kan inte nå { $target } genom att variera { $key }: som mest blir summan { $best } vid { $at }
# $refused: problemen med nästa värde.
solve-unreachable-refused = { $activity } kan inte nå { $target } genom att variera { $key }: som mest blir summan { $best } vid { $at } (taxan tillåter inte mer: { $refused })
solve-does-not-compute = taxan går inte att beräkna med { $key } = { $value }
