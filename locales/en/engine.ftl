# The engine: municipality codes, dates, identifiers, the tariff's
# consistency, computing a year (src/engine/). Prefixes: engine-, rule-,
# validate-, ident-, date-, code-.

## A municipality code, a date.

code-expected-four-digits = expected a municipality code of four digits (like 1490), found { $found }
code-bad = bad code { $found }
code-expected = expected a municipality code, found { $found }
date-expected = expected a date such as 2024-01-15, found { $found }

## Identifiers on an invoice.

ident-orgnr-expected = expected an organisation number of 10 digits such as 212000-1561, found { $found }
ident-orgnr-check-digit = organisation number { $text } has a wrong check digit (Luhn): the last digit should be { $digit }
ident-bankgiro-expected = expected a bankgiro number of 7 or 8 digits such as 5050-1055, found { $found }
ident-bankgiro-check-digit = bankgiro { $text } has a wrong check digit (Luhn): the last digit should be { $digit }
ident-peppol-expected = expected a Peppol id as scheme:value such as 0007:2120001561, found { $found }
# What is wrong with a Peppol id ($problem: one of the ident-peppol-… below, or an organisation number's problem).
ident-peppol = Peppol id { $text }: { $problem }
ident-peppol-unknown-scheme = unknown scheme { $scheme } (for example 0007 for a Swedish organisation number, 0088 for a GLN)
ident-peppol-bad-value = expected a value of 1 to 50 characters without spaces
ident-peppol-0007 = scheme 0007 takes a Swedish organisation number as 10 digits without a hyphen
ident-peppol-0088 = scheme 0088 takes a GLN of 13 digits with a GS1 check digit
ident-peppol-0192 = scheme 0192 takes a Norwegian organisation number of 9 digits (mod 11)

## The tariff's consistency, each after its key.

validate-year = expected a year such as 2023, found { $found }
validate-index-too-large = an index of { $index } is beyond reason: at most 1 000 %
validate-index-too-small = an index of { $index } would make amounts zero or negative
validate-group-all-digits = a group name cannot be all digits: it would read as a municipality code
validate-listed-twice = { $code } is listed twice
validate-activity-needs-name = an activity needs a name
validate-note-taken = note { $note } is already activity { $other }'s
validate-activity-name-taken = activity { $other } already has the name { $name }
validate-payer-needs-name = a payer needs a name
validate-payer-name-taken = payer { $other } already has the name { $name }
validate-exempt-needs-vat-id = exempt lines (E) need the issuer's VAT number on an e-invoice: set invoice.issuer.vat_id
validate-adjustment-beyond-budget = beyond any budget: at most { $max }
validate-adjustment-needs-label = an adjustment needs a label
validate-adjustment-label-taken = activity { $activity } already has an adjustment labelled { $label }
validate-negative = must not be negative
validate-beyond-budget = { $amount } is beyond any budget: at most { $max }
validate-rate-negative = a rate must not be negative
validate-rate-beyond-reason = a rate of { $rate } per inhabitant is beyond reason: at most { $max }
validate-unknown-activity = unknown activity { $name }; expected one of: { $known }
validate-unknown-activity-none = unknown activity { $name }: the tariff defines none
validate-unknown-group = unknown group { $name }; expected one of: { $known }
validate-unknown-group-none = unknown group { $name }: the tariff defines none
validate-unknown-index = unknown index { $name }; expected one of: { $known }
validate-unknown-index-none = unknown index { $name }: the tariff defines none
validate-unknown-payer = unknown payer { $name }; expected one of: { $known }
validate-unknown-payer-none = unknown payer { $name }: the tariff defines none
validate-split-share-range = a share must be above 0 % and at most 100 %, found { $found }
validate-split-sum = the shares must sum to exactly 100 %, they sum to { $sum }
validate-participants-empty = the participant list is empty
validate-floor-above-cap = the floor { $floor } is above the cap { $cap }
validate-apportion-limit = an apportioned total cannot have a floor or cap: the parts must sum to the total
validate-external-share-range = a share must be from 0 to 1 000 %, found { $found }
validate-nobody-takes-part = nobody takes part in this charge
validate-no-rates = no rates given
validate-weight-share-range = a weight share must be from 0 % to 100 %
validate-weight-sum = the weight shares must sum to exactly 100 %, they sum to { $sum }
validate-weight-file-values = the weight file has a negative or implausibly large { $label }
validate-no-tiers = no tiers given
validate-tiers-rise = up_to must rise from tier to tier: { $up_to } is not above { $below }
validate-tier-needs-up-to = only the last tier may leave out up_to
validate-last-tier-up-to = the last tier must leave out up_to: it covers everyone above

## Computing a charge, each after its key.

rule-agreed-not-participant = an amount is agreed with { $code } ({ $name }) but it is not among the participants
rule-no-agreed-amount = no agreed amount for participant { $code } ({ $name })
rule-too-many-inhabitants = municipality { $code } has { $n } inhabitants: more than any municipality
# $source: the population file.
rule-no-population-row = municipality { $code } takes part in this charge but { $source } has no row for it
rule-no-population-row-unnamed = municipality { $code } takes part in this charge but the population has no row for it
# $reason: one of the engine-apportion-… below.
rule-cannot-apportion = cannot apportion: { $reason }
rule-data-weight-needs-file = a data weight needs a weight file
# $label: what the weight file's column holds (anställda).
rule-weight-missing = municipality { $code } ({ $name }) takes part but the weight file has no { $label } for it
rule-in-no-rated-group = municipality { $code } ({ $name }) takes part but is in none of the groups with a rate ({ $groups })
rule-in-several-rated-groups = municipality { $code } ({ $name }) is in more than one group with a rate ({ $groups }): it must be in exactly one
rule-split-needs-from = a split charge must say which activity's previous amounts it continues (key `from`)
rule-unknown-activity = unknown activity { $name }
rule-needs-previous-actuals = this rule continues last year's amounts, but the tariff names no previous_actuals file
rule-unknown-index = unknown index { $name }
rule-no-previous-amount = the previous year's actuals have no amount for { $code } ({ $name }) in { $activity }

## Computing a year.

engine-apportion-no-weight = the weights sum to zero: there is nothing to apportion by
engine-apportion-negative-weight = a weight is negative
engine-apportion-overflow = the figures are too large to apportion exactly
# $party: a municipality's or a payer's name; $reason: one of the engine-apportion-… above.
engine-cannot-split = cannot split { $party }'s amount: { $reason }
engine-too-large = the tariff is too large to compute: { $activities } activities, { $parties } parties, { $charges } charges
# $percent: the growth in per cent, as a plain number (0.8).
engine-growth-out-of-range = population growth: { $code } ({ $name }) has { $count } inhabitants, and growing them by { $percent }% gives no count from 0 to { $max }
