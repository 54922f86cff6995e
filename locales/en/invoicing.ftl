# Invoicing (src/invoicing/): the run, the register, e-invoices, the
# invoice folder and what `verify` says of it. Prefixes: invoicing-,
# register-, einvoice-, folder-.

## An invoicing run.

invoicing-not-stdout = invoices are files in a folder, not standard output: name a folder
invoicing-installments = expected 1, 2, 4 or 12 installments, found { $found }
invoicing-final-date = a final { $year } invoice cannot be dated { $date }
invoicing-date-option = { $why }; --date takes a date YYYY-MM-DD or `today`
invoicing-recipient-no-row = no row for { $key } ({ $name }): every recipient needs one
invoicing-recipient-not-invoiced = { $key } is not invoiced by this tariff (a municipality code or payer id?)
invoicing-only-unknown = no invoice goes to { $key }; --only takes a municipality code or name, or a payer id, of this batch: { $known }
invoicing-no-revenue-account = activity { $activity } has no revenue account: set invoice.accounts.revenue.{ $id }
invoicing-no-receivables-account = the SIE file needs a receivables account: set invoice.accounts.receivables
invoicing-final-not-replayed = a final run is checked against its register, not replayed

## What a run wrote, on standard error.

invoicing-drafts-written = { $drafts } drafts: wrote { $files } files to { $folder }
invoicing-imported = imported { $n } documents from { $csv } and { $lines } into { $register } (the CSV files are left as they were; the register is now the database)
invoicing-credit-written = credit note { $credit } for invoice { $number }: wrote { $files } files to { $folder }
invoicing-final-written = { $total } final invoices ({ $new } newly numbered, { $unchanged } unchanged): wrote { $files } files to { $folder }

## A final invoice the run would change, and credit notes.

invoicing-conflict-amount = final invoice { $number } to { $recipient } for { $year } would change from { $from } kr to { $to } kr: correct it with `{ $command } --final --correct { $number }`
invoicing-conflict-installments = final invoice { $number } to { $recipient } for { $year } was issued as installment { $installment } of { $of }: to invoice it in { $installments } installment(s), credit it with `{ $command } --credit { $number }`, then finalise again
invoicing-credit-no-invoice = no such final invoice in the register
invoicing-credit-of-credit = this is a credit note, not an invoice
invoicing-credit-already = already credited by { $number }

## E-invoices.

einvoice-issuer-address = an e-invoice needs the issuer's electronic address: set invoice.issuer.peppol_id or invoice.issuer.org_nr
einvoice-issuer-bankgiro = an e-invoice needs the issuer's bankgiro for its payment means: set invoice.issuer.bankgiro
einvoice-no-recipients-file = e-invoices need a recipients file with the columns peppol_id (or org_nr) and reference (or order_reference): set invoice.recipients
einvoice-mixed-vat = the e-invoice to { $key } ({ $name }) would mix exempt lines (E) with lines outside the scope of VAT (O), which Peppol does not allow in one document: make them all one category
einvoice-recipient-address = { $key } ({ $name }): an e-invoice needs the recipient's electronic address: fill in the column peppol_id (or org_nr, whose 0007 id is used)
einvoice-buyer-reference = { $key } ({ $name }): an e-invoice needs the buyer's reference: fill in the column reference (or order_reference)
einvoice-credit-without-invoice = credit note { $number } to { $key } names no invoice it credits: a credit note needs its invoice's number

## The register.

register-none = no register
register-database-error = { $file }: { $error }
register-cannot-open = cannot open the register: { $error }
register-waiting = waiting: another run is writing to { $file }; this one goes on when it has finished
register-busy = another run has held the register for { $seconds } s: nothing was written; try again when it has finished
register-other-version = a register of another version ({ $found }): this program reads version { $version }
register-other-issuer = this register holds the documents of { $other }; write the invoices of { $series } to another folder
register-check-stopped = { $file }: the check stopped
register-gap-one = { $issuer }: document { $missing } is missing from the register (deleted): the numbers jump from { $from } to { $to }
register-gap = { $issuer }: documents { $first } to { $last } are missing from the register (deleted): the numbers jump from { $from } to { $to }
register-before-missing = { $issuer }: the documents before { $number } are missing from the register (deleted): { $number } is chained to another
register-edited = { $issuer }: document { $number } ({ $file }) was edited or inserted by hand: its content does not give its recorded SHA-256
register-replaced = { $issuer }: document { $previous } was replaced, or { $number } inserted: { $number } is chained to another version of { $previous }
register-lines-edited = { $issuer }: document { $number } ({ $file }): its lines were edited: they do not give its recorded SHA-256
register-lines-sum = { $issuer }: document { $number } ({ $file }): its lines sum to { $sum }, its amount is { $amount }
register-orphan-lines = { $issuer }: lines of document { $number }, which the register does not hold (deleted?)
register-unreadable = document { $number }: cannot read its { $what }
register-field-invoice-date = invoice date
register-field-due-date = due date
register-field-row = fields
register-unreadable-view = document { $number }: cannot read what its files show
register-not-whole-ore = document { $number }: the amount { $amount } is not whole öre
register-view-per-line = document { $number }: a view for every line
register-number-too-large = a number too large

## The invoice folder.

folder-not-a-folder = is not a folder: -o names the folder to write invoices to
folder-holds-final = this folder holds final invoices ({ $file }): write drafts to another folder
folder-cannot-create = cannot create { $folder }: { $error }
folder-changed-while-copied = cannot write { $file }: the file changed while it was copied
folder-cannot-read = cannot read { $folder }
folder-cannot-read-error = cannot read { $folder }: { $error }
folder-register-missing = the register is missing, but the folder holds final documents ({ $files }): restore { $register } from a backup; nothing was written
folder-unknown-document = document { $number } is not in the register, but its file { $file } is (deleted from the register?)

## What `verify` says of a folder of final documents, a line each.

folder-ok = ok: { $file }
folder-missing = missing: { $file }
folder-missing-document = missing: { $file } (document { $number })
folder-edited = edited: { $file } does not match document { $number } of the register
folder-stale = stale or edited: { $file } does not match the register
folder-temporary = temporary file left: { $file }
folder-register-gone = register missing: { $register } is gone, but the folder holds { $n } final document file(s), such as { $example }
folder-cannot-open-register = cannot open the register: { $why }
folder-register-problem = register: { $problem }
folder-check-failed = the check failed without saying why
# A problem and its place (a file, line and column; a tariff key).
folder-problem-at = { $place }: { $problem }
# Two problems, one per line.
folder-problem-lines =
    { $first }
    { $next }
