# What `avgift verify` says (src/cmd/verify.rs): a line per output and input on standard output, and the verdict. Prefix: verify-.

## Finding what made an output.

verify-no-record = no record of what made this file (outputs written with -o carry one, or a manifest beside them)
verify-not-manifest = not a manifest: { $error }
verify-manifest-no-recipe = the manifest has no recipe
verify-manifest-no-files = the manifest lists no files

## A recorded input: its role in the recipe.

verify-role-tariff = tariff
verify-role-population = population
verify-role-actuals = actuals
verify-role-weights = weights
verify-role-recipients = recipients
verify-role-input = input

## A line per input that differs, and per output.

verify-input-changed = input changed: { $path } ({ $role })
verify-input-not-found = input not found: { $path } ({ $role })
verify-input-unreadable = input unreadable: { $path } ({ $role }): { $why }
verify-stale = stale: { $file } was made from inputs that have changed
verify-not-checked = not checked: { $file }: its inputs were not found; paths are recorded as given when it was made, so run verify from the folder it was made in
verify-cannot-recompute = cannot recompute ({ $command }): { $why }
verify-ok = ok: { $file }
verify-ok-by-digest = ok: { $file } (by its recorded digest)
verify-edited = edited: { $file }
verify-edited-not-what-inputs-give = edited: { $file } differs from what its inputs give
verify-edited-not-digest = edited: { $file } differs from its recorded digest
verify-missing = missing: { $file }
verify-not-made-again = not made again: { $file }

## The verdict.

verify-failed = verification failed: { $bad } problem(s), { $good } output(s) match
