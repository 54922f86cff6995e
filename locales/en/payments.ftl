# Payment files (src/read/payments/): BgMax, camt.054 and CSV.
# Prefixes: payments-, bgmax-, camt-.

## Any payment file.

payments-empty = the file is empty: expected a payment file (BgMax, camt.054 or CSV)
payments-utf16 = saved as UTF-16: a payment file is BgMax (ISO 8859-1), camt.054 (UTF-8) or CSV (UTF-8 or Windows-1252)

## A CSV export of payments.

payments-csv-header = expected a header with the columns date, amount and reference (and payer), or in Swedish datum, belopp and referens or OCR (and betalare or avsändare); found: { $found } (a payment file is BgMax, camt.054 or such a CSV file)
payments-csv-duplicate-column = column { $name } twice in the header (first as column { $first })
payments-csv-bad-date = date: expected a date such as 2024-01-15 or 20240115, found { $found }
payments-csv-bad-amount = amount: { $why }
payments-csv-missing-amount = amount: missing
payments-csv-not-ore = amount { $found }: expected kronor with at most two decimals (öre)
payments-csv-zero = amount 0: expected a payment of more than 0 kronor
payments-csv-too-large = amount { $found } is beyond any payment (at most { $max } kronor)
payments-csv-not-sek = currency { $found }: only SEK is accepted (the invoices are in SEK); export the SEK account's payments
payments-csv-control = { $column }: found { $why }
payments-csv-no-rows = no payments: expected one row per payment under the header

## A camt.054 notification (the XML names its elements).

camt-not-utf8 = not UTF-8: a camt.054 file is XML in UTF-8
camt-not-xml = expected an XML document (camt.054), found text starting { $found }
camt-malformed = not well-formed XML: { $why }
camt-second-root = not well-formed XML: a second root element
camt-no-root = not well-formed XML: no root element
camt-doctype = a DOCTYPE declaration: a camt.054 file has none, and none is read
camt-unknown-entity = unknown entity &{ $name };: XML's own entities (&amp; &lt; &gt; &quot; &apos;) and character references only
camt-wrong-message = expected a camt.054 notification (Document in namespace { $expected }NN), found { $root } in namespace { $namespace }
camt-wrong-message-no-namespace = expected a camt.054 notification (Document in namespace { $expected }NN), found { $root } in no namespace
camt-version = camt.054 version { $found } is not read: expected one of { $versions }
camt-missing = expected { $element }, found none
camt-bad-amount = { $element }: expected an amount such as 1234.50, found { $found }
camt-not-ore = { $element }: expected kronor with at most two decimals (öre), found { $found }
camt-too-large = { $element }: the amount { $found } is beyond any payment (at most { $max } kronor)
camt-not-sek = { $element }: currency { $found }, only SEK is accepted (the invoices are in SEK); ask the bank for the SEK account's notifications
camt-bad-date = { $element }: expected a date such as 2024-01-15, found { $found }
camt-bad-indicator = { $element }: expected CRDT or DBIT, found { $found }
camt-batch-count = the batch counts { $stated } transactions (NbOfTxs), found { $found } transaction details (TxDtls)
camt-batch-total = the batch total { $stated } (TtlAmt) differs from its transactions' sum { $found }
camt-entry-total = the entry amount { $stated } differs from its transactions' sum { $found }
camt-no-transaction-amount = a transaction without an amount in an entry of several transactions
camt-control = { $element }: found { $why }

## A BgMax file: its fields (with their positions in the record).

bgmax-field-recipient-bankgiro = recipient bankgiro (positions 3-12)
bgmax-field-recipient-plusgiro = recipient plusgiro (positions 13-22)
bgmax-field-sender-bankgiro = sender bankgiro (positions 3-12)
bgmax-field-amount = amount (positions 38-55)
bgmax-field-reference-code = reference code (position 56)
bgmax-field-payment-channel = payment channel code (position 57)
bgmax-field-bankgirot-serial = Bankgirot serial number (positions 58-69)
bgmax-field-image-marker = image marker (position 70)
bgmax-field-deduction-code = deduction code (position 71)
bgmax-field-organisation-number = organisation number (positions 3-14)
bgmax-field-recipient-bank-account = recipient bank account (positions 3-37)
bgmax-field-payment-date = payment date (positions 38-45)
bgmax-field-deposit-serial = deposit serial number (positions 46-50)
bgmax-field-deposit-amount = deposit amount (positions 51-68)
bgmax-field-payment-count = number of payments (positions 72-79)
bgmax-field-payment-records = number of payment records (positions 3-10)
bgmax-field-deduction-records = number of deduction records (positions 11-18)
bgmax-field-extra-reference-records = number of extra reference records (positions 19-26)
bgmax-field-deposit-records = number of deposit records (positions 27-34)

## A BgMax file: its problems.

bgmax-wrong-length = expected a record of { $expected } characters, found { $found }
bgmax-wrong-length-utf8 = expected a record of { $expected } characters, found { $found } (the file looks saved as UTF-8: a BgMax file is ISO 8859-1, one byte per character)
bgmax-control-character = a control character (U+{ $code }) in a record: expected printable ISO 8859-1 text
bgmax-unknown-code = unknown transaction code { $found }: BgMax has 01, 05, 15, 20, 21, 22, 23, 25, 26, 27, 28, 29 and 70
bgmax-missing-start = expected the start record 01BGMAX first, found { $found }
bgmax-start-not-first = a second start record (01): a BgMax file has one, first
bgmax-layout-name = expected the layout name BGMAX in positions 3-22, found { $found }
bgmax-version = expected BgMax version { $version } in positions 23-24, found { $found }: this reader knows version { $version } only
bgmax-timestamp = expected a timestamp YYYYMMDDhhmmssuuuuuu in positions 25-44, found { $found }
bgmax-test-marker = expected T (test) or P (production) in position 45, found { $found }
bgmax-not-digits = { $field }: expected digits, found { $found }
bgmax-bad-date = { $field }: expected a date YYYYMMDD, found { $found }
bgmax-bad-code = { $field }: expected { $from } to { $to }, found { $found }
bgmax-bad-code-digit = { $field }: expected a digit, found { $found }
bgmax-bad-bankgiro = { $field }: expected a bankgiro number of 7 or 8 digits with its check digit, found { $found }
bgmax-not-sek = currency { $found }: only SEK is accepted (Bankgirot has reported payments in SEK only since 31 October 2016, and the invoices are in SEK); ask the bank for the SEK account's file
bgmax-currency-differs = deposit currency { $found } differs from { $opened } in the opening record on line { $line }
bgmax-out-of-place-opening = record { $code } out of place: expected an opening record (05) or the end record (70) here
bgmax-out-of-place-after-payment = record { $code } out of place: expected it after a payment (20) or deduction (21) record
bgmax-out-of-place-deposit-open = record { $code } out of place: expected the deposit record (15) of the open deposit first
bgmax-repeated = a second record { $code } for one payment (the first is on line { $first })
bgmax-unclosed = the deposit opened on line { $opened } has no deposit record (15)
bgmax-missing-end = the file ends without its end record (70)
bgmax-after-end = a record after the end record (70)
bgmax-deposit-sum = the deposit sum { $stated } differs from its payments { $payments } less deductions { $deductions } = { $net } (deposit opened on line { $opened })
bgmax-deposit-count = the deposit record counts { $stated } payments, found { $payments } payment and { $deductions } deduction records = { $records } (deposit opened on line { $opened })
bgmax-end-count-payments = the end record counts { $stated } payment records, found { $found } records (20)
bgmax-end-count-deductions = the end record counts { $stated } deduction records, found { $found } records (21)
bgmax-end-count-extra-references = the end record counts { $stated } extra reference records, found { $found } records (22 and 23)
bgmax-end-count-deposits = the end record counts { $stated } deposit records, found { $found } records (15)
