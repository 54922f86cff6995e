# Receivables (src/receivables/, the register's receivables section):
# payments imported, allocated by hand, what is owed, reminders.
# Prefixes: receivables-, payments-import-, allocate-, remind-, match-.

## The register's receivables.

receivables-no-register = no register ({ $register }) here: payments, receivables and reminders work on an invoice folder with final invoices (avgift invoice TARIFF -o DIR --final)
receivables-no-terms = the register holds no terms for payments (bankgiro, accounts, OCR method): run avgift invoice TARIFF -o DIR --final once with this version, which records them from the tariff's [invoice]
receivables-terms-unreadable = the register's terms for payments cannot be read: { $key }
receivables-not-stdout = payments are booked into an invoice folder's register: -o names the folder, not standard output
receivables-not-in-memory = the register is a database updated in place: this command cannot be replayed in memory
receivables-not-whole-ore = the amount { $amount } is not whole öre
receivables-payment-unreadable = payment { $id } cannot be read (edited in the database?)
receivables-reminder-unreadable = the reminder of document { $number } cannot be read (edited in the database?)
receivables-event-gap = the receivables' events skip from { $expected } to { $found }: an event was deleted
receivables-event-edited = receivables event { $seq } was edited: it no longer gives its recorded SHA-256
receivables-details-edited = receivables event { $seq }: its payments, allocations or reminders were edited: they no longer give the event's recorded SHA-256
receivables-event-replaced = receivables event { $seq } is not chained to the event before it: the register was replaced by another copy, or an event inserted
receivables-details-orphaned = payments, allocations or reminders of event { $seq }, which the register does not hold
receivables-payment-gap = receivables event { $seq }: its payments start at { $found }, expected { $expected }: a payment was deleted or inserted
receivables-date-option = { $why }
receivables-no-clock = the machine's clock gives no date: give --date YYYY-MM-DD
receivables-verify-ok = ok: { $events } receivables events, { $payments } payments, each as recorded
receivables-verify-reminder-edited = edited: { $file } does not match the reminder the register holds
receivables-verify-reminder-missing = missing: { $file } (a reminder the register holds)
receivables-status-unpaid = unpaid
receivables-status-partly-paid = partly paid
receivables-status-paid = paid
receivables-status-overpaid = overpaid (a balance in the payer's favour)
receivables-status-credited = credited

## payments import

payments-import-test-file = a test file (T in the start record): Bankgirot's test files are not booked
payments-import-no-bankgiro = a deposit to bankgiro { $account }, but the issuer has no bankgiro to check it against: set invoice.issuer.bankgiro and run avgift invoice TARIFF -o DIR --final
payments-import-other-bankgiro = a deposit to bankgiro { $found }, not the issuer's bankgiro { $bankgiro }: this file is for another recipient
payments-import-not-bankgiro = a deposit to account { $found }, not the issuer's bankgiro { $bankgiro }: only payments to the bankgiro are booked
payments-import-no-account = no account to book payments to: set { $key } in the tariff and run avgift invoice TARIFF -o DIR --final, which records it
payments-import-same-identity = the same file (start time and deposits, or message ids) as import { $seq } ({ $source }), but with other payments: nothing booked; ask the bank which is right
payments-import-already = { $file }: already imported, as import { $seq } ({ $source }): nothing booked
payments-import-nothing = { $file }: no payments to book (only debit entries or entries not booked)
payments-import-summary = { $file }: { $format }, { $payments } { $payments ->
    [one] payment
   *[other] payments
} in { $deposits } { $deposits ->
    [one] deposit
   *[other] deposits
}, { $total } in all: booked as import { $seq }
payments-import-deductions = of them { $n } { $n ->
    [one] deduction
   *[other] deductions
} (negative)
payments-import-skipped = skipped { $debits } debit { $debits ->
    [one] entry
   *[other] entries
} and { $pending } { $pending ->
    [one] entry
   *[other] entries
} not booked by the bank
payments-import-matched = { $payments } { $payments ->
    [one] payment
   *[other] payments
} matched by OCR reference to { $documents } { $documents ->
    [one] invoice
   *[other] invoices
}: { $paid } paid, { $partly } partly paid, { $over } overpaid, { $unpaid } still unpaid
payments-import-unmatched = { $n } { $n ->
    [one] payment
   *[other] payments
} not matched; avgift payments allocate { $folder } --payment ID --document N settles one by hand:
payments-import-more-unmatched = and { $n } more; avgift receivables { $folder } lists them all
payments-import-wrote = wrote { $files } { $files ->
    [one] file
   *[other] files
} to { $folder }

## A payment that found no document, with suggestions.

match-unmatched = payment { $id }, { $date }, { $amount }, { $reference }: { $why }
match-no-suggestions = { $line }
match-suggestions = { $line }; suggested: { $suggestions }
match-suggestion = invoice { $number } ({ $reasons })
match-reference = reference { $reference }
match-no-reference = no reference
match-why-no-reference = the payer gave no reference
match-why-invalid = not a valid OCR reference (its check digit or length digit is wrong)
match-why-unknown = no invoice has this OCR reference
match-why-remainder = what is left after the parts allocated
match-reason-reference = its OCR reference
match-reason-same-amount = the same amount outstanding
match-reason-same-org-nr = the same organisation number
match-reason-same-account = the same payer account
match-reason-same-name = the same name

## payments allocate

allocate-bad-amount = expected kronor with at most two decimals, such as 1250.50, found { $found }
allocate-no-payment = no payment { $id }: the register holds { $n } { $n ->
    [one] payment
   *[other] payments
} (avgift receivables DIR lists those not settled)
allocate-no-document = no document { $number } in the register
allocate-settled = payment { $id } ({ $amount }) is settled in full already
allocate-too-much = { $amount } is more than what is left of payment { $id } ({ $left }), or of the other sign
allocate-done = { $amount } of payment { $id } allocated to document { $number } ({ $recipient }), as event { $seq }
allocate-invoice-now = invoice { $number } is now { $status }: { $outstanding } outstanding
allocate-left = { $left } of payment { $id } is still not allocated

## remind

remind-bad-rate = expected a reference rate such as 4% or 0.04 (from -10 % to 100 %), found { $found }
remind-negative-fee = a reminder fee of { $found }: expected 0 or more
remind-none = no invoice is overdue on { $date }: no reminders
remind-already = { $n } overdue { $n ->
    [one] invoice was
   *[other] invoices were
} reminded on { $date } already: no new reminders
remind-made = { $n } { $n ->
    [one] reminder
   *[other] reminders
} on { $date }, { $total } to pay in all ({ $already } reminded on this date before)
remind-wrote = wrote { $files } { $files ->
    [one] file
   *[other] files
} to { $folder }

## A signed register's receivables.

receivables-unsigned = receivables: event { $seq } is not signed, but the register is: events committed before it was signed are signed once with avgift invoice … --sign-existing (check the folder with `avgift verify` first)
receivables-forged = receivables: event { $seq } ({ $source }), with payments { $payments }, is forged: its signature does not match its content{ $after ->
    [0] {""}
    [one] {""} (nor does the event after it)
   *[other] {""} (nor do the { $after } events after it)
}
receivables-forged-reminders = receivables: event { $seq }, the reminders of documents { $documents }, is forged: its signature does not match its content{ $after ->
    [0] {""}
    [one] {""} (nor does the event after it)
   *[other] {""} (nor do the { $after } events after it)
}
receivables-head = receivables head: { $sha } (event { $seq })
receivables-head-found = head { $head } is event { $seq } of the receivables' chain: nothing before it changed
