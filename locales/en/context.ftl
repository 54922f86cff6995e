# The run's inputs and outputs (src/context/). Prefixes: input-, file-, context-.

## An input, in a sentence and after a possessive ("this run's tariff").

input-the-tariff = the tariff
input-the-population = the population file
input-the-actuals = the actuals
input-the-weights = the weight file
input-the-recipients = the recipients file
input-the-register = the register
input-the-plan = the plan
input-the-forecast = the forecast
input-the-manifest = the manifest
input-the-output = the output
input-the-recorded = the input
input-the-import = the file
input-tariff = tariff
input-population = population file
input-actuals = actuals
input-weights = weight file
input-recipients = recipients file
input-register = register
input-plan = plan
input-forecast = forecast
input-manifest = manifest
input-output = output
input-recorded = input
input-import = file

## Reading an input.

input-size-limit = { $var }={ $value }: expected a whole number of MiB from 1 to 1048576
input-empty-path = { $what } is named by an empty path: name a file
input-cannot-read = cannot read { $what }: { $error }
input-cannot-read-because = cannot read { $what }: { $why }
input-not-regular = cannot read { $what }: it is { $kind }, not a regular file
input-too-large = cannot read { $what }: larger than { $mib } MiB (set { $var } to raise the limit)
input-utf16 = saved as UTF-16: save as UTF-8 or Windows-1252
context-input-changed = changed while avgift was reading it (its bytes differ from the first read): run again when nothing is writing it

## What a path is, when it is not a plain file.

file-kind-folder = a folder
file-kind-symlink = a symbolic link
file-kind-char-device = a character device
file-kind-block-device = a block device
file-kind-fifo = a FIFO (named pipe)
file-kind-socket = a socket
file-kind-other = not a regular file

## Writing an output.

file-output-symlink-to = is a symbolic link to { $target }: avgift replaces an output whole, which would replace the link; name the file itself (or - for standard output)
file-output-symlink = is a symbolic link: avgift replaces an output whole, which would replace the link; name the file itself (or - for standard output)
file-output-not-plain = is { $kind }, not a plain file: avgift writes only plain files (- writes standard output)
file-cannot-write = cannot write { $path }: { $error }
context-output-is-input = not written: it is this run's { $what } ({ $path }), and an output never replaces an input; write it elsewhere
