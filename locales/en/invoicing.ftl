# Invoicing (src/invoicing/): the run, the register, e-invoices, the
# invoice folder and what `verify` says of it. Prefixes: invoicing-,
# register-, einvoice-, folder-.

## The register.

register-database-error = { $file }: { $error }
register-cannot-open = cannot open the register: { $error }
register-waiting = waiting: another run is writing to { $file }; this one goes on when it has finished
register-busy = another run has held the register for { $seconds } s: nothing was written; try again when it has finished
register-other-version = a register of another version ({ $found }): this program reads version { $version }
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
register-unreadable-view = document { $number }: cannot read what its files show
register-not-whole-ore = document { $number }: the amount { $amount } is not whole öre
register-view-per-line = document { $number }: a view for every line
register-number-too-large = a number too large
