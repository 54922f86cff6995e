# Fakturering (src/invoicing/): körningen, fakturaregistret, e-fakturor,
# fakturamappen och vad `verify` säger om den. Prefix: invoicing-,
# register-, einvoice-, folder-.

## En faktureringskörning.

invoicing-not-stdout = fakturor är filer i en mapp, inte standard output: ange en mapp
invoicing-installments = förväntade 1, 2, 4 eller 12 delbetalningar, fann { $found }
invoicing-final-date = en slutlig faktura för { $year } kan inte ha fakturadatum { $date }
invoicing-date-option = { $why }; --date tar ett datum ÅÅÅÅ-MM-DD eller `today`
invoicing-recipient-no-row = ingen rad för { $key } ({ $name }): varje mottagare behöver en
invoicing-recipient-not-invoiced = { $key } faktureras inte enligt den här taxan (en kommunkod eller en betalares id?)
invoicing-only-unknown = ingen faktura går till { $key }; --only tar en kommunkod eller ett kommunnamn, eller en betalares id, i den här omgången: { $known }
invoicing-no-revenue-account = verksamheten { $activity } har inget intäktskonto: ange invoice.accounts.revenue.{ $id }
invoicing-no-receivables-account = SIE-filen behöver ett konto för kundfordringar: ange invoice.accounts.receivables
invoicing-final-not-replayed = en slutlig körning kontrolleras mot sitt fakturaregister, den spelas inte upp igen

## Vad en körning skrev, på standard error.

invoicing-drafts-written = { $drafts } utkast: skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }
invoicing-imported = importerade { $n } dokument från { $csv } och { $lines } till { $register } (CSV-filerna lämnas som de var; fakturaregistret är nu databasen)
invoicing-credit-written = kreditfaktura { $credit } för faktura { $number }: skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }
invoicing-final-written = { $total } { $total ->
    [one] slutlig faktura
   *[other] slutliga fakturor
} ({ $new } nyss { $new ->
    [one] numrerad
   *[other] numrerade
}, { $unchanged } { $unchanged ->
    [one] oförändrad
   *[other] oförändrade
}): skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }

## En slutlig faktura som körningen skulle ändra, och kreditfakturor.

invoicing-conflict-amount = slutlig faktura { $number } till { $recipient } för { $year } skulle ändras från { $from } kr till { $to } kr: rätta den med `{ $command } --final --correct { $number }`
invoicing-conflict-installments = slutlig faktura { $number } till { $recipient } för { $year } utfärdades som delbetalning { $installment } av { $of }: för att fakturera den i { $installments } { $installments ->
    [one] delbetalning
   *[other] delbetalningar
}, kreditera den med `{ $command } --credit { $number }` och fakturera sedan slutligt igen
invoicing-credit-no-invoice = ingen sådan slutlig faktura i fakturaregistret
invoicing-credit-of-credit = detta är en kreditfaktura, inte en faktura
invoicing-credit-already = redan krediterad av { $number }

## E-fakturor.

einvoice-issuer-address = en e-faktura behöver utfärdarens elektroniska adress: ange invoice.issuer.peppol_id eller invoice.issuer.org_nr
einvoice-issuer-bankgiro = en e-faktura behöver utfärdarens bankgiro som betalningssätt: ange invoice.issuer.bankgiro
einvoice-no-recipients-file = e-fakturor behöver en mottagarfil med kolumnerna peppol_id (eller org_nr) och reference (eller order_reference): ange invoice.recipients
einvoice-mixed-vat = e-fakturan till { $key } ({ $name }) skulle blanda momsbefriade rader (E) med rader utanför momsens tillämpningsområde (O), vilket Peppol inte tillåter i ett dokument: låt alla rader ha samma kategori
einvoice-recipient-address = { $key } ({ $name }): en e-faktura behöver mottagarens elektroniska adress: fyll i kolumnen peppol_id (eller org_nr, vars 0007-id används)
einvoice-buyer-reference = { $key } ({ $name }): en e-faktura behöver köparens referens: fyll i kolumnen reference (eller order_reference)
einvoice-credit-without-invoice = kreditfaktura { $number } till { $key } anger ingen faktura som den krediterar: en kreditfaktura behöver sin fakturas nummer

## Fakturaregistret.

register-none = inget fakturaregister
register-database-error = { $file }: { $error }
register-cannot-open = kan inte öppna fakturaregistret: { $error }
register-waiting = väntar: en annan körning skriver till { $file }; den här fortsätter när den är klar
register-busy = en annan körning har hållit fakturaregistret i { $seconds } s: ingenting skrevs; försök igen när den är klar
register-other-version = ett fakturaregister av en annan version ({ $found }): det här programmet läser version { $version }
register-other-issuer = det här fakturaregistret innehåller dokumenten för { $other }; skriv fakturorna för { $series } till en annan mapp
register-check-stopped = { $file }: kontrollen avbröts
register-gap-one = { $issuer }: dokument { $missing } saknas i fakturaregistret (borttaget): numren hoppar från { $from } till { $to }
register-gap = { $issuer }: dokument { $first } till { $last } saknas i fakturaregistret (borttagna): numren hoppar från { $from } till { $to }
register-before-missing = { $issuer }: dokumenten före { $number } saknas i fakturaregistret (borttagna): { $number } är kedjat till ett annat
register-edited = { $issuer }: dokument { $number } ({ $file }) har ändrats eller lagts in för hand: dess innehåll ger inte den registrerade kontrollsumman (SHA-256)
register-replaced = { $issuer }: dokument { $previous } har ersatts, eller { $number } lagts in: { $number } är kedjat till en annan version av { $previous }
register-lines-edited = { $issuer }: dokument { $number } ({ $file }): dess rader har ändrats: de ger inte den registrerade kontrollsumman (SHA-256)
register-lines-sum = { $issuer }: dokument { $number } ({ $file }): raderna summerar till { $sum }, dokumentets belopp är { $amount }
register-orphan-lines = { $issuer }: rader för dokument { $number }, som fakturaregistret inte innehåller (borttaget?)
register-unreadable = dokument { $number }: kan inte läsa dess { $what }
register-field-invoice-date = fakturadatum
register-field-due-date = förfallodatum
register-field-row = fält
register-unreadable-view = dokument { $number }: kan inte läsa vad dess filer visar
register-not-whole-ore = dokument { $number }: beloppet { $amount } är inte hela ören
register-view-per-line = dokument { $number }: en vy för varje rad
register-number-too-large = ett för stort nummer

## Fakturamappen.

folder-not-a-folder = är inte en mapp: -o anger mappen som fakturorna skrivs till
folder-holds-final = mappen innehåller slutliga fakturor ({ $file }): skriv utkast till en annan mapp
folder-cannot-create = kan inte skapa { $folder }: { $error }
folder-changed-while-copied = kan inte skriva { $file }: filen ändrades medan den kopierades
folder-cannot-read = kan inte läsa { $folder }
folder-cannot-read-error = kan inte läsa { $folder }: { $error }
folder-register-missing = fakturaregistret saknas, men mappen innehåller slutliga dokument ({ $files }): återställ { $register } från en säkerhetskopia; ingenting skrevs
folder-unknown-document = dokument { $number } finns inte i fakturaregistret, men dess fil { $file } finns (borttaget ur fakturaregistret?)

## Vad `verify` säger om en mapp med slutliga dokument, en rad var.

folder-ok = ok: { $file }
folder-missing = saknas: { $file }
folder-missing-document = saknas: { $file } (dokument { $number })
folder-edited = ändrad: { $file } stämmer inte med dokument { $number } i fakturaregistret
folder-stale = inaktuell eller ändrad: { $file } stämmer inte med fakturaregistret
folder-temporary = kvarlämnad tillfällig fil: { $file }
folder-register-gone = fakturaregistret saknas: { $register } finns inte, men mappen innehåller { $n } { $n ->
    [one] fil
   *[other] filer
} med slutliga dokument, till exempel { $example }
folder-cannot-open-register = kan inte öppna fakturaregistret: { $why }
folder-register-problem = fakturaregistret: { $problem }
folder-check-failed = kontrollen misslyckades utan att säga varför
# Ett problem och var det finns (fil, rad och kolumn; en nyckel i taxan).
folder-problem-at = { $place }: { $problem }
# Två problem, ett per rad.
folder-problem-lines =
    { $first }
    { $next }
