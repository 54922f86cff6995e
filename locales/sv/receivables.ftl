# Kundfordringar (src/receivables/, fakturaregistrets avsnitt för
# fordringar): inbetalningar, fördelning för hand, vad som är obetalt,
# betalningspåminnelser.
# Prefix: receivables-, payments-import-, allocate-, remind-, match-.

## Fakturaregistrets fordringar.

receivables-no-register = inget fakturaregister ({ $register }) här: inbetalningar, fordringar och påminnelser hör till en fakturamapp med slutliga fakturor (avgift invoice TAXA -o MAPP --final)
receivables-no-terms = fakturaregistret har inga villkor för inbetalningar (bankgiro, konton, OCR-metod): kör avgift invoice TAXA -o MAPP --final en gång med den här versionen, som hämtar dem ur taxans [invoice]
receivables-terms-unreadable = fakturaregistrets villkor för inbetalningar kan inte läsas: { $key }
receivables-not-stdout = inbetalningar bokförs i en fakturamapps fakturaregister: -o anger mappen, inte standard ut
receivables-not-in-memory = fakturaregistret är en databas som uppdateras där den ligger: kommandot kan inte spelas upp i minnet
receivables-not-whole-ore = beloppet { $amount } är inte hela ören
receivables-payment-unreadable = betalning { $id } kan inte läsas (ändrad i databasen?)
receivables-reminder-unreadable = påminnelsen om dokument { $number } kan inte läsas (ändrad i databasen?)
receivables-event-gap = fordringarnas händelser hoppar från { $expected } till { $found }: en händelse har tagits bort
receivables-event-edited = fordringshändelse { $seq } har ändrats: den ger inte längre sin registrerade kontrollsumma (SHA-256)
receivables-details-edited = fordringshändelse { $seq }: dess betalningar, fördelningar eller påminnelser har ändrats: de ger inte längre händelsens registrerade kontrollsumma (SHA-256)
receivables-event-replaced = fordringshändelse { $seq } är inte kedjad till händelsen före: fakturaregistret har ersatts av en annan kopia, eller en händelse lagts in
receivables-details-orphaned = betalningar, fördelningar eller påminnelser till händelse { $seq }, som fakturaregistret inte har
receivables-payment-gap = fordringshändelse { $seq }: dess betalningar börjar på { $found }, förväntade { $expected }: en betalning har tagits bort eller lagts in
receivables-date-option = { $why }
receivables-no-clock = datorns klocka ger inget datum: ange --date ÅÅÅÅ-MM-DD
receivables-verify-ok = ok: { $events } fordringshändelser, { $payments } betalningar, var och en som registrerad
receivables-verify-reminder-edited = ändrad: { $file } stämmer inte med påminnelsen i fakturaregistret
receivables-verify-reminder-missing = saknas: { $file } (en påminnelse i fakturaregistret)
receivables-status-unpaid = obetald
receivables-status-partly-paid = delvis betald
receivables-status-paid = betald
receivables-status-overpaid = överbetald (ett belopp till betalarens godo)
receivables-status-credited = krediterad

## payments import

payments-import-test-file = en testfil (T i startposten): Bankgirots testfiler bokförs inte
payments-import-no-bankgiro = en insättning till bankgiro { $account }, men utfärdaren har inget bankgiro att jämföra med: ange invoice.issuer.bankgiro och kör avgift invoice TAXA -o MAPP --final
payments-import-other-bankgiro = en insättning till bankgiro { $found }, inte utfärdarens bankgiro { $bankgiro }: filen gäller en annan mottagare
payments-import-not-bankgiro = en insättning till konto { $found }, inte utfärdarens bankgiro { $bankgiro }: bara betalningar till bankgirot bokförs
payments-import-no-account = inget konto att bokföra inbetalningar på: ange { $key } i taxan och kör avgift invoice TAXA -o MAPP --final, som registrerar det
payments-import-same-identity = samma fil (starttid och insättningar, eller meddelande-id) som import { $seq } ({ $source }), men med andra betalningar: inget bokfördes; fråga banken vilken som är rätt
payments-import-already = { $file }: redan importerad, som import { $seq } ({ $source }): inget bokfördes
payments-import-nothing = { $file }: inga betalningar att bokföra (bara uttag eller poster som banken inte bokfört)
payments-import-summary = { $file }: { $format }, { $payments } { $payments ->
    [one] betalning
   *[other] betalningar
} i { $deposits } { $deposits ->
    [one] insättning
   *[other] insättningar
}, { $total } sammanlagt: bokförd som import { $seq }
payments-import-deductions = varav { $n } { $n ->
    [one] avdrag
   *[other] avdrag
} (negativa)
payments-import-skipped = hoppade över { $debits } { $debits ->
    [one] uttag
   *[other] uttag
} och { $pending } { $pending ->
    [one] post
   *[other] poster
} som banken inte bokfört
payments-import-matched = { $payments } { $payments ->
    [one] betalning
   *[other] betalningar
} matchade med OCR-nummer mot { $documents } { $documents ->
    [one] faktura
   *[other] fakturor
}: { $paid } betalda, { $partly } delvis betalda, { $over } överbetalda, { $unpaid } fortfarande obetalda
payments-import-unmatched = { $n } { $n ->
    [one] betalning
   *[other] betalningar
} matchade inte; avgift payments allocate { $folder } --payment ID --document N fördelar en för hand:
payments-import-more-unmatched = och { $n } till; avgift receivables { $folder } visar alla
payments-import-wrote = skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }

## En betalning som inte hittade något dokument, med förslag.

match-unmatched = betalning { $id }, { $date }, { $amount }, { $reference }: { $why }
match-no-suggestions = { $line }
match-suggestions = { $line }; förslag: { $suggestions }
match-suggestion = faktura { $number } ({ $reasons })
match-reference = referens { $reference }
match-no-reference = ingen referens
match-why-no-reference = betalaren angav ingen referens
match-why-invalid = inget giltigt OCR-nummer (kontrollsiffran eller längdsiffran stämmer inte)
match-why-unknown = ingen faktura har det OCR-numret
match-why-remainder = det som är kvar efter de fördelade delarna
match-reason-reference = dess OCR-nummer
match-reason-same-amount = samma belopp kvar att betala
match-reason-same-org-nr = samma organisationsnummer
match-reason-same-account = samma betalarkonto
match-reason-same-name = samma namn

## payments allocate

allocate-bad-amount = förväntade kronor med högst två decimaler, som 1250,50, fann { $found }
allocate-no-payment = ingen betalning { $id }: fakturaregistret har { $n } { $n ->
    [one] betalning
   *[other] betalningar
} (avgift receivables MAPP visar de som inte är avstämda)
allocate-no-document = inget dokument { $number } i fakturaregistret
allocate-settled = betalning { $id } ({ $amount }) är redan helt fördelad
allocate-too-much = { $amount } är mer än det som är kvar av betalning { $id } ({ $left }), eller av motsatt tecken
allocate-done = { $amount } av betalning { $id } fördelat på dokument { $number } ({ $recipient }), som händelse { $seq }
allocate-invoice-now = faktura { $number } är nu { $status }: { $outstanding } kvar att betala
allocate-left = { $left } av betalning { $id } är fortfarande inte fördelat

## remind

remind-bad-rate = förväntade en referensränta som 4% eller 0,04 (från -10 % till 100 %), fann { $found }
remind-negative-fee = en påminnelseavgift på { $found }: förväntade 0 eller mer
remind-none = ingen faktura är förfallen { $date }: inga påminnelser
remind-already = { $n } { $n ->
    [one] förfallen faktura
   *[other] förfallna fakturor
} har redan fått påminnelse { $date }: inga nya påminnelser
remind-made = { $n } { $n ->
    [one] påminnelse
   *[other] påminnelser
} { $date }, { $total } att betala sammanlagt ({ $already } fick påminnelse detta datum tidigare)
remind-wrote = skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }

## Ett signerat registers fordringar.

receivables-unsigned = fordringar: händelse { $seq } är inte signerad, men registret är det: händelser som bokfördes innan registret signerades signeras en gång med avgift invoice … --sign-existing (kontrollera mappen med `avgift verify` först)
receivables-forged = fordringar: händelse { $seq } ({ $source }), med betalningarna { $payments }, är förfalskad: dess signatur stämmer inte med innehållet{ $after ->
    [0] {""}
    [one] {""} (inte heller händelsen efter den)
   *[other] {""} (inte heller de { $after } händelserna efter den)
}
receivables-forged-reminders = fordringar: händelse { $seq }, påminnelserna om dokument { $documents }, är förfalskad: dess signatur stämmer inte med innehållet{ $after ->
    [0] {""}
    [one] {""} (inte heller händelsen efter den)
   *[other] {""} (inte heller de { $after } händelserna efter den)
}
receivables-head = fordringarnas huvud: { $sha } (händelse { $seq })
receivables-head-found = huvudet { $head } är händelse { $seq } i fordringarnas kedja: inget före det har ändrats
