# Vad `avgift check` fann (src/cmd/check.rs), på standard output. Prefix: check-.

check-tariff = { $file }: { $name } { $year }, format 1
check-tariff-counts = verksamheter: { $activities }, avgifter: { $charges }, kommuner: { $municipalities }, grupper: { $groups }, externa betalare: { $payers }, justeringsrader: { $adjustments }, index: { $indices }
check-population = { $file }: { $rows } { $rows ->
    [one] rad
   *[other] rader
} ({ $encoding }), { $inhabitants } invånare i förbundets kommuner
check-actuals = { $file }: { $rows } { $rows ->
    [one] rad
   *[other] rader
} för { $year }, { $activities } { $activities ->
    [one] verksamhet
   *[other] verksamheter
}
check-actuals-no-year = { $file }: { $rows } { $rows ->
    [one] rad
   *[other] rader
} för ett år som inte anges, { $activities } { $activities ->
    [one] verksamhet
   *[other] verksamheter
}
# En publicerad summa som skiljer sig från summan av dess rader (belopp som tabellerna visar dem).
check-actuals-stated-total = anmärkning: { $activity }: angiven summa { $stated } kr, raderna summerar till { $sum } kr ({ $difference } tkr skillnad, den angivna summan används)
check-no-actuals = inget föregående års utfall: noterna visar bara detta år
check-recipients = { $file }: { $recipients } mottagare, { $org_nr } med organisationsnummer, { $peppol } med Peppol-id, { $reference } med köparens referens eller orderreferens
check-computed = beräknade { $lines } { $lines ->
    [one] rad
   *[other] rader
}: { $invoiced } kr faktureras, { $adjustments } kr i justeringar
# Sista raden: alla indata är i ordning.
check-ok = ok
