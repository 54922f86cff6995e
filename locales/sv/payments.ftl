# Betalningsfiler (src/read/payments/): BgMax, camt.054 och CSV.
# Prefix: payments-, bgmax-, camt-.

## Alla betalningsfiler.

payments-empty = filen är tom: förväntade en betalningsfil (BgMax, camt.054 eller CSV)
payments-utf16 = sparad som UTF-16: en betalningsfil är BgMax (ISO 8859-1), camt.054 (UTF-8) eller CSV (UTF-8 eller Windows-1252)

## En CSV-export av betalningar.

payments-csv-header = förväntade en rubrikrad med kolumnerna date, amount och reference (och payer), eller på svenska datum, belopp och referens eller OCR (och betalare eller avsändare); fann: { $found } (en betalningsfil är BgMax, camt.054 eller en sådan CSV-fil)
payments-csv-duplicate-column = kolumnen { $name } två gånger i rubrikraden (först som kolumn { $first })
payments-csv-bad-date = datum: förväntade ett datum som 2024-01-15 eller 20240115, fann { $found }
payments-csv-bad-amount = belopp: { $why }
payments-csv-missing-amount = belopp: saknas
payments-csv-not-ore = belopp { $found }: förväntade kronor med högst två decimaler (ören)
payments-csv-zero = belopp 0: förväntade en betalning på mer än 0 kronor
payments-csv-too-large = beloppet { $found } är större än någon betalning (högst { $max } kronor)
payments-csv-not-sek = valuta { $found }: bara SEK godtas (fakturorna är i SEK); exportera SEK-kontots betalningar
payments-csv-control = { $column }: fann { $why }
payments-csv-no-rows = inga betalningar: förväntade en rad per betalning under rubrikraden

## En camt.054-avisering (XML-filen namnger sina element).

camt-not-utf8 = inte UTF-8: en camt.054-fil är XML i UTF-8
camt-not-xml = förväntade ett XML-dokument (camt.054), fann text som börjar { $found }
camt-malformed = inte välformad XML: { $why }
camt-second-root = inte välformad XML: ett andra rotelement
camt-no-root = inte välformad XML: inget rotelement
camt-doctype = en DOCTYPE-deklaration: en camt.054-fil har ingen, och ingen läses
camt-unknown-entity = okänd entitet &{ $name };: bara XML:s egna entiteter (&amp; &lt; &gt; &quot; &apos;) och teckenreferenser
camt-wrong-message = förväntade en camt.054-avisering (Document i namnrymden { $expected }NN), fann { $root } i namnrymden { $namespace }
camt-wrong-message-no-namespace = förväntade en camt.054-avisering (Document i namnrymden { $expected }NN), fann { $root } utan namnrymd
camt-version = camt.054 version { $found } läses inte: förväntade en av { $versions }
camt-missing = förväntade { $element }, fann inget
camt-bad-amount = { $element }: förväntade ett belopp som 1234.50, fann { $found }
camt-not-ore = { $element }: förväntade kronor med högst två decimaler (ören), fann { $found }
camt-too-large = { $element }: beloppet { $found } är större än någon betalning (högst { $max } kronor)
camt-not-sek = { $element }: valuta { $found }, bara SEK godtas (fakturorna är i SEK); be banken om SEK-kontots aviseringar
camt-bad-date = { $element }: förväntade ett datum som 2024-01-15, fann { $found }
camt-bad-indicator = { $element }: förväntade CRDT eller DBIT, fann { $found }
camt-batch-count = bunten anger { $stated } transaktioner (NbOfTxs), fann { $found } transaktionsdetaljer (TxDtls)
camt-batch-total = buntens summa { $stated } (TtlAmt) skiljer sig från transaktionernas summa { $found }
camt-entry-total = postens belopp { $stated } skiljer sig från transaktionernas summa { $found }
camt-no-transaction-amount = en transaktion utan belopp i en post med flera transaktioner
camt-control = { $element }: fann { $why }

## En BgMax-fil: dess fält (med positionerna i posten).

bgmax-field-recipient-bankgiro = mottagarens bankgironummer (position 3-12)
bgmax-field-recipient-plusgiro = mottagarens plusgironummer (position 13-22)
bgmax-field-sender-bankgiro = avsändarens bankgironummer (position 3-12)
bgmax-field-amount = belopp (position 38-55)
bgmax-field-reference-code = referenskod (position 56)
bgmax-field-payment-channel = betalningskanalkod (position 57)
bgmax-field-bankgirot-serial = Bankgirots löpnummer (position 58-69)
bgmax-field-image-marker = bildmarkering (position 70)
bgmax-field-deduction-code = avdragskod (position 71)
bgmax-field-organisation-number = organisationsnummer (position 3-14)
bgmax-field-recipient-bank-account = mottagarens bankkonto (position 3-37)
bgmax-field-payment-date = betalningsdag (position 38-45)
bgmax-field-deposit-serial = insättningens löpnummer (position 46-50)
bgmax-field-deposit-amount = insättningens belopp (position 51-68)
bgmax-field-payment-count = antal betalningar (position 72-79)
bgmax-field-payment-records = antal betalningsposter (position 3-10)
bgmax-field-deduction-records = antal avdragsposter (position 11-18)
bgmax-field-extra-reference-records = antal poster med extra referenser (position 19-26)
bgmax-field-deposit-records = antal insättningsposter (position 27-34)

## En BgMax-fil: dess problem.

bgmax-wrong-length = förväntade en post på { $expected } tecken, fann { $found }
bgmax-wrong-length-utf8 = förväntade en post på { $expected } tecken, fann { $found } (filen ser ut att vara sparad som UTF-8: en BgMax-fil är ISO 8859-1, en byte per tecken)
bgmax-control-character = ett styrtecken (U+{ $code }) i en post: förväntade skrivbar text i ISO 8859-1
bgmax-unknown-code = okänd transaktionskod { $found }: BgMax har 01, 05, 15, 20, 21, 22, 23, 25, 26, 27, 28, 29 och 70
bgmax-missing-start = förväntade startposten 01BGMAX först, fann { $found }
bgmax-start-not-first = en andra startpost (01): en BgMax-fil har en, först
bgmax-layout-name = förväntade layoutnamnet BGMAX i position 3-22, fann { $found }
bgmax-version = förväntade BgMax version { $version } i position 23-24, fann { $found }: den här läsaren känner bara till version { $version }
bgmax-timestamp = förväntade en tidsstämpel YYYYMMDDhhmmssuuuuuu i position 25-44, fann { $found }
bgmax-test-marker = förväntade T (test) eller P (produktion) i position 45, fann { $found }
bgmax-not-digits = { $field }: förväntade siffror, fann { $found }
bgmax-bad-date = { $field }: förväntade ett datum YYYYMMDD, fann { $found }
bgmax-bad-code = { $field }: förväntade { $from } till { $to }, fann { $found }
bgmax-bad-code-digit = { $field }: förväntade en siffra, fann { $found }
bgmax-bad-bankgiro = { $field }: förväntade ett bankgironummer med 7 eller 8 siffror och kontrollsiffra, fann { $found }
bgmax-not-sek = valuta { $found }: bara SEK godtas (Bankgirot redovisar betalningar bara i SEK sedan den 31 oktober 2016, och fakturorna är i SEK); be banken om SEK-kontots fil
bgmax-currency-differs = insättningens valuta { $found } skiljer sig från { $opened } i öppningsposten på rad { $line }
bgmax-out-of-place-opening = post { $code } på fel plats: förväntade en öppningspost (05) eller slutposten (70) här
bgmax-out-of-place-after-payment = post { $code } på fel plats: förväntade den efter en betalningspost (20) eller avdragspost (21)
bgmax-out-of-place-deposit-open = post { $code } på fel plats: förväntade först insättningsposten (15) för den öppna insättningen
bgmax-repeated = en andra post { $code } för en betalning (den första står på rad { $first })
bgmax-unclosed = insättningen som öppnades på rad { $opened } har ingen insättningspost (15)
bgmax-missing-end = filen slutar utan sin slutpost (70)
bgmax-after-end = en post efter slutposten (70)
bgmax-deposit-sum = insättningens summa { $stated } skiljer sig från dess betalningar { $payments } minus avdrag { $deductions } = { $net } (insättningen öppnades på rad { $opened })
bgmax-deposit-count = insättningsposten anger { $stated } betalningar, fann { $payments } betalningsposter och { $deductions } avdragsposter = { $records } (insättningen öppnades på rad { $opened })
bgmax-end-count-payments = slutposten anger { $stated } betalningsposter, fann { $found } poster (20)
bgmax-end-count-deductions = slutposten anger { $stated } avdragsposter, fann { $found } poster (21)
bgmax-end-count-extra-references = slutposten anger { $stated } poster med extra referenser, fann { $found } poster (22 och 23)
bgmax-end-count-deposits = slutposten anger { $stated } insättningsposter, fann { $found } poster (15)
