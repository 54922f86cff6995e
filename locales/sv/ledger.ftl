# Fakturaregistrets integritet (src/signing.rs, src/invoicing/): det
# signerade registret, `avgift keygen`, vad en körning kontrollerar och
# reparerar, rättelser, leveranssätt; och de utdatasökvägar, namn och
# texter som alla läsare och skrivare delar. Prefix: ledger-, keygen-,
# repair-, correct-, channel-.

## Nycklar.

ledger-expected-public-key = förväntade en publik nyckel med 64 hexadecimala siffror (som `avgift keygen` skriver ut den), fann { $found }
ledger-not-a-public-key = { $found } är inte en publik Ed25519-nyckel
ledger-expected-private-key = inte en privat Ed25519-nyckel: förväntade en PEM-fil som börjar med -----BEGIN PRIVATE KEY----- (som `avgift keygen` skriver den)
ledger-input-the-signing-key = signeringsnyckeln
ledger-input-signing-key = signeringsnyckel

## `avgift keygen`.

keygen-not-stdout = en privat nyckel skrivs till en fil, inte till standard output: ange filen
keygen-no-randomness = inga slumptal till en nyckel: { $error }
keygen-exists = det finns redan en fil där: en nyckel skrivs aldrig över; ta bort den eller välj ett annat namn
keygen-written = skrev den privata nyckeln till { $file }: förvara den utanför varje fakturamapp, och ge den till de körningar som bokför med AVGIFT_SIGNING_KEY={ $file } eller --signing-key { $file }; taxan anger den publika nyckeln, i [invoice]: issuer.public_key = "{ $key }"

## Ett signerat fakturaregister.

ledger-signed-no-key = fakturaregistret är signerat (publik nyckel { $key }), men taxan anger ingen nyckel: ange invoice.issuer.public_key = "{ $key }"
ledger-other-key = fakturaregistret är signerat med den publika nyckeln { $recorded }, men taxan anger { $key }
ledger-unsigned = { $issuer }: dokument { $number } är inte signerat, men taxan anger en signeringsnyckel: dokument som bokfördes innan nyckeln angavs signeras en gång med --sign-existing (kontrollera mappen med `avgift verify` först)
ledger-forged = { $issuer }: dokument { $number } ({ $file }) är förfalskat: dess signatur stämmer inte med innehållet{ $after ->
    [0] {""}
    [one] {""} (inte heller det efter det)
   *[other] {""} (inte heller de { $after } efter det)
}

## Utdatasökvägar.

ledger-path-permission = åtkomst nekas: den här användaren får inte skriva där
ledger-path-read-only = filsystemet är skrivskyddat
ledger-path-in-the-way = { $path } är { $kind }, inte en mapp
ledger-path-file-in-the-way = { $path } är en fil, inte en mapp
ledger-path-is-folder = är en mapp: ange en fil
ledger-path-cannot-make = kan inte skrivas: { $error }
ledger-key-in-folder = den privata nyckeln ligger i fakturamappen { $folder }: förvara den utanför mappen, som kopieras och skickas
ledger-key-mismatch = den här privata nyckelns publika nyckel är { $key }, men taxan anger { $public }
ledger-key-without-public = en privat nyckel är angiven, men taxan anger ingen publik nyckel: ange invoice.issuer.public_key = "{ $key }", eller ange ingen nyckel
ledger-needs-private-key = fakturaregistret är signerat, och att bokföra kräver den privata nyckeln: ange den med AVGIFT_SIGNING_KEY=NYCKELFIL eller --signing-key NYCKELFIL
ledger-signed-existing = signerade { $n } { $n ->
    [one] dokument
   *[other] dokument
} som bokfördes innan fakturaregistret signerades
ledger-check-signed = fakturor: fakturaregistret signeras med den publika nyckeln { $key }
ledger-check-unsigned = fakturor: fakturaregistret signeras inte (taxan anger ingen invoice.issuer.public_key); `avgift verify MAPP --head HEX` kontrollerar det mot ett huvud som sparats på annat håll

## Vad en körning säger.

ledger-head = fakturaregistrets huvud: { $sha } (dokument { $number })
ledger-files-complete = { $what }; dess filer är kompletta
ledger-files-completed = { $what }; dess filer kompletterades ({ $files } skrivna)
ledger-drafts-removed = tog bort { $n } { $n ->
    [one] utkast
   *[other] utkast
} till den fastställda omgången: { $files }

## En slutlig faktura ska kunna betalas.

ledger-not-payable = en slutlig faktura måste ange vem som får betalt och hur: { $what }
ledger-payable-org-nr = utfärdarens organisationsnummer saknas
ledger-payable-address = utfärdarens postadress saknas
ledger-payable-bankgiro = utfärdarens bankgiro saknas

## Taxans nycklar.

ledger-expected-einvoice = förväntade true, false, "required" eller "when-possible", fann { $found }
ledger-expected-corrections = förväntade "replace" eller "difference", fann { $found }

## Vad en körning bygger på, och --repair.

repair-altered = skiljer sig från det fakturaregistret bokförde: avvisas; `avgift invoice … --repair` gör den på nytt från fakturaregistret och behåller den här kopian bredvid som NAMN.altered
repair-file = gjorde { $file } på nytt från fakturaregistret; den ändrade kopian är { $aside }
repair-lines = återställde raderna i dokument { $number } från den här körningens indata (de ger den bokförda kontrollsumman)
repair-lines-cannot = { $problem }; den här körningens indata ger inte tillbaka de bokförda raderna: reparera med den taxa och de filer som dokumentet gjordes från
repair-register-kept = fakturaregistret som det var sparas som { $file }

## Rättelser.

correct-replaced = faktura { $number } rättad: kreditfaktura { $credit } och ersättningsfaktura { $replacement }: skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }
correct-difference = faktura { $number } rättad med mellanskillnadsfaktura { $difference } ({ $amount } kr): skrev { $files } { $files ->
    [one] fil
   *[other] filer
} till { $folder }
correct-nothing = inget att rätta
correct-unchanged = fakturan är oförändrad: inget att rätta
correct-already-replaced = redan rättad med kreditfaktura { $credit } och ersättningsfaktura { $replacement }
correct-already-difference = redan rättad med mellanskillnadsfaktura { $difference }
correct-credited = redan krediterad av { $credit }, utan ersättningsfaktura: fakturera mottagaren på nytt med --final --only { $key }
correct-not-invoiced = taxan fakturerar inte längre { $key }: kreditera fakturan med --credit i stället
correct-replace-differences = fakturan har mellanskillnadsfakturor ({ $numbers }): kreditera dem först, eller rätta den med invoice.corrections = "difference"
correct-credit-differences-first = fakturan har mellanskillnadsfakturor ({ $numbers }) som ingen kreditfaktura upphäver: kreditera dem först

## Leveranssätt.

channel-expected = { $key }: kolumnen channel tar peppol eller pdf (eller inget), fann { $found }
channel-peppol-off = { $key } ber om Peppol (channel peppol), men e-fakturor är avstängda: ange invoice.einvoice = "when-possible" eller "required"
channel-summary = levereras som Peppol-e-faktura till { $peppol }; som PDF till { $pdf }

## `avgift verify` av en mapp.

ledger-verify-key = signaturerna kontrollerade mot den publika nyckeln { $key }
ledger-verify-recorded-key = signaturerna kontrollerade mot den publika nyckel som fakturaregistret anger, { $key }: jämför den med taxans, eller ange den med --public-key
ledger-verify-unsigned = fakturaregistret är inte signerat: dess dokument hålls samman av kedjan; --head HEX kontrollerar det mot ett huvud som sparats på annat håll
ledger-head-found = huvudet { $head } är dokument { $number } i kedjan: inget före det har ändrats
ledger-head-missing = huvudet { $head } finns inte i fakturaregistrets kedja: ett dokument vid eller före det har ändrats eller tagits bort, eller huvudet hör till ett annat register

## Meddelanden som förblir användbara.

ledger-path-not-a-folder = är { $kind }, inte en mapp
ledger-path-file-not-a-folder = är en fil, inte en mapp
ledger-covers-ore = förväntade ett belopp i kronor och öre (högst två decimaler), fann { $found }
ledger-text-bidi = ett tecken som styr skrivriktningen (U+{ $code }) vid tecken { $at }: namn och benämningar är vanlig text, som visas i den ordning den är skriven
ledger-text-invisible = ett osynligt formattecken (U+{ $code }) vid tecken { $at }: namn och benämningar är vanlig text, där varje tecken syns
