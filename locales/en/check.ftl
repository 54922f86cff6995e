# What `avgift check` found (src/cmd/check.rs), on standard output. Prefix: check-.

check-tariff = { $file }: { $name } { $year }, format 1
check-tariff-counts = activities: { $activities }, charges: { $charges }, municipalities: { $municipalities }, groups: { $groups }, external payers: { $payers }, adjustment lines: { $adjustments }, indices: { $indices }
check-population = { $file }: { $rows } rows ({ $encoding }), { $inhabitants } inhabitants in the association's municipalities
check-actuals = { $file }: { $rows } rows for { $year }, { $activities } { $activities ->
    [one] activity
   *[other] activities
}
check-actuals-no-year = { $file }: { $rows } rows for an unstated year, { $activities } { $activities ->
    [one] activity
   *[other] activities
}
# A published total that differs from the sum of its lines (amounts as the tables show them).
check-actuals-stated-total = note: { $activity }: stated total { $stated } kr, lines sum to { $sum } kr ({ $difference } tkr difference, used as stated)
check-no-actuals = no previous actuals: the notes show this year only
check-recipients = { $file }: { $recipients } recipients, { $org_nr } with an organisation number, { $peppol } with a Peppol id, { $reference } with a buyer or order reference
check-computed = computed { $lines } lines: { $invoiced } kr invoiced, { $adjustments } kr in adjustments
# The last line: every input is fine.
check-ok = ok
