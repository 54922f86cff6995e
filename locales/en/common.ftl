# Messages every part of the tool uses.

more-problems = and { $n } more { $n ->
    [one] problem
   *[other] problems
} of these kinds: { $kinds }
more-problems-in = { $file }: and { $n } more { $n ->
    [one] problem
   *[other] problems
} of these kinds: { $kinds }
more-problems-kind = { $n } like “{ $example }”


# Where a problem is, when it has a line and no file.
at-line = line { $line }


# A problem that stops a command, one line on standard error.
error = error: { $message }

# Something worth knowing that does not stop the command.
warning = warning: { $message }
