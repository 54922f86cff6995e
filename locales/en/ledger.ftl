# The ledger's integrity (src/signing.rs, src/invoicing/): the signed
# register, `avgift keygen`, what a run checks and repairs, corrections,
# delivery channels; and the output paths, names and text every reader
# and writer shares. Prefixes: ledger-, keygen-, repair-, correct-,
# channel-.

## Keys.

ledger-expected-public-key = expected a public key of 64 hexadecimal digits (as `avgift keygen` prints it), found { $found }
ledger-not-a-public-key = { $found } is not an Ed25519 public key
ledger-expected-private-key = not an Ed25519 private key: expected a PEM file beginning -----BEGIN PRIVATE KEY----- (as `avgift keygen` writes it)
ledger-input-the-signing-key = the signing key
ledger-input-signing-key = signing key

## `avgift keygen`.

keygen-not-stdout = a private key is written to a file, not standard output: name the file
keygen-no-randomness = no random numbers for a key: { $error }
keygen-exists = a file is already there: a key is never written over; remove it or choose another name
keygen-written = wrote the private key to { $file }: keep it outside every invoice folder, and give it to the runs that commit with AVGIFT_SIGNING_KEY={ $file } or --signing-key { $file }; the tariff names the public key, in [invoice]: issuer.public_key = "{ $key }"

## A signed register.

ledger-signed-no-key = the register is signed (public key { $key }), but the tariff names no key: set invoice.issuer.public_key = "{ $key }"
ledger-other-key = the register is signed with the public key { $recorded }, but the tariff names { $key }
ledger-unsigned = { $issuer }: document { $number } is not signed, but the tariff names a signing key: documents committed before it was named are signed once with --sign-existing (check the folder with `avgift verify` first)
ledger-forged = { $issuer }: document { $number } ({ $file }) is forged: its signature does not match its content{ $after ->
    [0] {""}
    [one] {""} (nor does the one after it)
   *[other] {""} (nor do the { $after } after it)
}

## Output paths.

ledger-path-permission = permission denied: this user may not write there
ledger-path-read-only = the file system is read-only
ledger-path-in-the-way = { $path } is { $kind }, not a folder
ledger-path-file-in-the-way = { $path } is a file, not a folder
ledger-path-is-folder = is a folder: name a file
ledger-path-cannot-make = cannot be written: { $error }
ledger-key-in-folder = the private key lies in the invoice folder { $folder }: keep it outside the folder, which is copied and sent
ledger-key-mismatch = this private key's public key is { $key }, but the tariff names { $public }
ledger-key-without-public = a private key is given, but the tariff names no public key: set invoice.issuer.public_key = "{ $key }", or give no key
ledger-needs-private-key = the register is signed, and committing needs the private key: give it with AVGIFT_SIGNING_KEY=KEYFILE or --signing-key KEYFILE
ledger-signed-existing = signed { $n } { $n ->
    [one] document
   *[other] documents
} committed before the register was signed
ledger-check-signed = invoices: the register is signed with the public key { $key }
ledger-check-unsigned = invoices: the register is not signed (the tariff names no invoice.issuer.public_key); `avgift verify DIR --head HEX` checks it against a head kept elsewhere

## What a run says.

ledger-head = register head: { $sha } (document { $number })
ledger-files-complete = { $what }; its files are complete
ledger-files-completed = { $what }; its files were completed ({ $files } written)
ledger-drafts-removed = removed { $n } { $n ->
    [one] draft
   *[other] drafts
} of the finalised batch: { $files }

## A final invoice can be paid.

ledger-not-payable = a final invoice must say who is paid and how: { $what }
ledger-payable-org-nr = the issuer's organisation number is missing
ledger-payable-address = the issuer's postal address is missing
ledger-payable-bankgiro = the issuer's bankgiro is missing

## Tariff keys.

ledger-expected-einvoice = expected true, false, "required" or "when-possible", found { $found }
ledger-expected-corrections = expected "replace" or "difference", found { $found }

## What a run relies on, and --repair.

repair-altered = differs from what the register committed: refused; `avgift invoice … --repair` makes it again from the register and keeps this copy beside it as NAME.altered
repair-file = made { $file } again from the register; the altered copy is { $aside }
repair-lines = restored the lines of document { $number } from this run's inputs (they give the committed SHA-256)
repair-lines-cannot = { $problem }; this run's inputs do not give the committed lines back: repair with the tariff and files the document was made from
repair-register-kept = the register as it was is kept as { $file }

## Corrections.

correct-replaced = invoice { $number } corrected: credit note { $credit } and replacement { $replacement }: wrote { $files } files to { $folder }
correct-difference = invoice { $number } corrected by difference invoice { $difference } ({ $amount } kr): wrote { $files } files to { $folder }
correct-nothing = nothing to correct
correct-unchanged = the invoice is unchanged: nothing to correct
correct-already-replaced = already corrected by credit note { $credit } and replacement { $replacement }
correct-already-difference = already corrected by difference invoice { $difference }
correct-credited = already credited by { $credit }, without a replacement: invoice the recipient anew with --final --only { $key }
correct-not-invoiced = the tariff no longer invoices { $key }: credit the invoice with --credit instead
correct-replace-differences = the invoice has difference invoices ({ $numbers }): credit them first, or correct it with invoice.corrections = "difference"
correct-credit-differences-first = the invoice has difference invoices ({ $numbers }) that no credit note cancels: credit them first

## Delivery channels.

channel-expected = { $key }: the column channel takes peppol or pdf (or nothing), found { $found }
channel-peppol-off = { $key } asks for Peppol (channel peppol), but e-invoices are off: set invoice.einvoice = "when-possible" or "required"
channel-summary = delivered by Peppol e-invoice to { $peppol }; by PDF to { $pdf }

## `avgift verify` of a folder.

ledger-verify-key = signatures checked against the public key { $key }
ledger-verify-recorded-key = signatures checked against the public key the register records, { $key }: compare it with the tariff's, or give it with --public-key
ledger-verify-unsigned = the register is not signed: its documents are held together by their chain; --head HEX checks it against a head kept elsewhere
ledger-head-found = head { $head } is document { $number } of the chain: nothing before it changed
ledger-head-missing = head { $head } is not in the register's chain: a document at or before it was changed or removed, or the head is of another register

## Messages that stay useful.

ledger-path-not-a-folder = is { $kind }, not a folder
ledger-path-file-not-a-folder = is a file, not a folder
ledger-covers-ore = expected an amount in kronor and öre (at most two decimals), found { $found }
ledger-text-bidi = a bidirectional control (U+{ $code }) at character { $at }: names and labels are plain text, shown in the order they are written
ledger-text-invisible = an invisible format character (U+{ $code }) at character { $at }: names and labels are plain text, every character seen
