# Writing outputs (src/write/, src/emit.rs). Prefixes: write-, model-, xlsx-, emit-.

## Writing a result.

emit-wrote = wrote { $file }
emit-cannot-make-workbook = cannot make the workbook: { $error }
emit-cannot-make-folder = cannot make the folder { $folder }: { $error }
emit-cannot-write-stdout = cannot write: { $error }

## What a workbook cannot hold.

xlsx-too-many-lines = { $lines } lines are more than the { $limit } rows a worksheet holds below its header; write them as CSV (--format csv)
xlsx-text-too-long = { $cell }: { $column } of { $length } characters, more than a cell holds (32 767)

## The live model (avgift model): what cannot be modelled exactly.

model-not-exact = cannot be modelled exactly: its formulas would need whole numbers up to { $needed }, beyond the { $limit } a spreadsheet computes exactly here
model-no-adjustment-cell = no cell for the adjustment { $adjustment }
model-formulas-differ = the model's formulas give { $model } for { $party } where avgift computes { $amount }: no workbook written
model-no-line-cell = the model has no cell for { $party }'s line in { $activity }
model-note-not-exact = the note { $note } cannot be modelled exactly: { $amount } in units of 1/{ $units } krona passes { $limit }
