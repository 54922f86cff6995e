# Motorn: kommunkoder, datum, identiteter, taxans konsistens, beräkningen
# av ett år (src/engine/). Prefix: engine-, rule-, validate-, ident-,
# date-, code-.

## En kommunkod, ett datum.

code-expected-four-digits = förväntade en kommunkod med fyra siffror (som 1490), fann { $found }
code-bad = felaktig kommunkod { $found }
code-expected = förväntade en kommunkod, fann { $found }
date-expected = förväntade ett datum som 2024-01-15, fann { $found }

## Identiteter på en faktura.

ident-orgnr-expected = förväntade ett organisationsnummer med 10 siffror som 212000-1561, fann { $found }
ident-orgnr-check-digit = organisationsnumret { $text } har fel kontrollsiffra (Luhn): sista siffran ska vara { $digit }
ident-bankgiro-expected = förväntade ett bankgironummer med 7 eller 8 siffror som 5050-1055, fann { $found }
ident-bankgiro-check-digit = bankgironumret { $text } har fel kontrollsiffra (Luhn): sista siffran ska vara { $digit }
ident-peppol-expected = förväntade ett Peppol-id som schema:värde, till exempel 0007:2120001561, fann { $found }
# Vad som är fel med ett Peppol-id ($problem: ett av ident-peppol-… nedan, eller ett organisationsnummers fel).
ident-peppol = Peppol-id { $text }: { $problem }
ident-peppol-unknown-scheme = okänt schema { $scheme } (till exempel 0007 för ett svenskt organisationsnummer, 0088 för ett GLN)
ident-peppol-bad-value = förväntade ett värde på 1 till 50 tecken utan blanksteg
ident-peppol-0007 = schema 0007 kräver ett svenskt organisationsnummer med 10 siffror utan bindestreck
ident-peppol-0088 = schema 0088 kräver ett GLN med 13 siffror och en kontrollsiffra enligt GS1
ident-peppol-0192 = schema 0192 kräver ett norskt organisationsnummer med 9 siffror (mod 11)

## Taxans konsistens, var och en efter sin nyckel.

validate-year = förväntade ett år som 2023, fann { $found }
validate-index-too-large = ett index på { $index } är orimligt: högst 1 000 %
validate-index-too-small = ett index på { $index } skulle göra beloppen noll eller negativa
validate-group-all-digits = ett gruppnamn kan inte bestå av bara siffror: det skulle läsas som en kommunkod
validate-listed-twice = { $code } står med två gånger
validate-activity-needs-name = en verksamhet behöver ett namn
validate-note-taken = not { $note } hör redan till verksamheten { $other }
validate-activity-name-taken = verksamheten { $other } har redan namnet { $name }
validate-payer-needs-name = en betalare behöver ett namn
validate-payer-name-taken = betalaren { $other } har redan namnet { $name }
validate-exempt-needs-vat-id = undantagna rader (E) kräver fakturautställarens momsregistreringsnummer på en e-faktura: ange invoice.issuer.vat_id
validate-adjustment-beyond-budget = större än någon budget: högst { $max }
validate-adjustment-needs-label = en justering behöver en benämning
validate-adjustment-label-taken = verksamheten { $activity } har redan en justering med benämningen { $label }
validate-negative = får inte vara negativt
validate-beyond-budget = { $amount } är större än någon budget: högst { $max }
validate-rate-negative = ett belopp per invånare får inte vara negativt
validate-rate-beyond-reason = ett belopp på { $rate } per invånare är orimligt: högst { $max }
validate-unknown-activity = okänd verksamhet { $name }; förväntade en av: { $known }
validate-unknown-activity-none = okänd verksamhet { $name }: taxan har inga verksamheter
validate-unknown-group = okänd grupp { $name }; förväntade en av: { $known }
validate-unknown-group-none = okänd grupp { $name }: taxan har inga grupper
validate-unknown-index = okänt index { $name }; förväntade ett av: { $known }
validate-unknown-index-none = okänt index { $name }: taxan har inga index
validate-unknown-payer = okänd betalare { $name }; förväntade en av: { $known }
validate-unknown-payer-none = okänd betalare { $name }: taxan har inga betalare
validate-split-share-range = en andel måste vara över 0 % och högst 100 %, fann { $found }
validate-split-sum = andelarna måste tillsammans bli exakt 100 %, de blir { $sum }
validate-participants-empty = deltagarlistan är tom
validate-floor-above-cap = det lägsta beloppet (golvet) { $floor } är högre än det högsta beloppet (taket) { $cap }
validate-apportion-limit = en summa som fördelas kan inte ha något golv eller tak: delarna måste tillsammans bli summan
validate-external-share-range = en andel måste vara från 0 till 1 000 %, fann { $found }
validate-nobody-takes-part = ingen deltar i den här avgiften
validate-no-rates = inga belopp per invånare angivna
validate-weight-share-range = en viktandel måste vara från 0 % till 100 %
validate-weight-sum = viktandelarna måste tillsammans bli exakt 100 %, de blir { $sum }
validate-weight-file-values = viktfilen har ett negativt eller orimligt stort värde i { $label }
validate-no-tiers = inga trappsteg angivna
validate-tiers-rise = up_to måste öka från trappsteg till trappsteg: { $up_to } är inte större än { $below }
validate-tier-needs-up-to = bara det sista trappsteget får utelämna up_to
validate-last-tier-up-to = det sista trappsteget måste utelämna up_to: det omfattar alla invånare därutöver

## Att beräkna en avgift, var och en efter sin nyckel.

rule-agreed-not-participant = ett belopp är avtalat med { $code } ({ $name }), men kommunen är inte bland deltagarna
rule-no-agreed-amount = inget avtalat belopp för deltagaren { $code } ({ $name })
rule-too-many-inhabitants = kommun { $code } har { $n } invånare: fler än någon kommun har
# $source: folkmängdsfilen.
rule-no-population-row = kommun { $code } deltar i den här avgiften, men { $source } har ingen rad för den
rule-no-population-row-unnamed = kommun { $code } deltar i den här avgiften, men folkmängdsfilen har ingen rad för den
# $reason: ett av engine-apportion-… nedan.
rule-cannot-apportion = kan inte fördela: { $reason }
rule-data-weight-needs-file = en vikt efter data kräver en viktfil
# $label: vad viktfilens kolumn anger (anställda).
rule-weight-missing = kommun { $code } ({ $name }) deltar, men viktfilen saknar { $label } för den
rule-in-no-rated-group = kommun { $code } ({ $name }) deltar men finns inte i någon av grupperna med ett belopp ({ $groups })
rule-in-several-rated-groups = kommun { $code } ({ $name }) finns i mer än en grupp med ett belopp ({ $groups }): den måste finnas i exakt en
rule-split-needs-from = en avgift som delas mellan verksamheter måste ange vilken verksamhets belopp från föregående år den fortsätter (nyckeln `from`)
rule-unknown-activity = okänd verksamhet { $name }
rule-needs-previous-actuals = regeln fortsätter föregående års belopp, men taxan anger ingen previous_actuals-fil
rule-unknown-index = okänt index { $name }
rule-no-previous-amount = föregående års utfall har inget belopp för { $code } ({ $name }) i { $activity }

## Att beräkna ett år.

engine-apportion-no-weight = vikterna blir tillsammans noll: det finns inget att fördela efter
engine-apportion-negative-weight = en vikt är negativ
engine-apportion-overflow = talen är för stora för att fördelas exakt
# $party: en kommuns eller en betalares namn; $reason: ett av engine-apportion-… ovan.
engine-cannot-split = kan inte dela upp beloppet för { $party }: { $reason }
engine-too-large = taxan är för stor för att beräknas: { $activities } verksamheter, { $parties } parter, { $charges } avgifter
# $percent: förändringen i procent, som ett enkelt tal (0.8).
engine-growth-out-of-range = folkmängdens förändring: { $code } ({ $name }) har { $count } invånare, och en förändring med { $percent } % ger inget antal från 0 till { $max }
