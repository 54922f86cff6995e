# Meddelanden som alla delar av verktyget använder.

more-problems = och { $n } { $n ->
    [one] problem
   *[other] problem
} till av de här slagen: { $kinds }

# Vad som väntades, och vad som fanns i stället.
expected-found = väntade { $expected }, fann { $found }

# Var ett problem finns, när det har en rad men ingen fil.
at-line = rad { $line }

# Text som ännu inte finns i katalogen.
untranslated = { $text }

# Ett problem som stoppar ett kommando, en rad på standard error.
error = fel: { $message }

# Något värt att veta som inte stoppar kommandot.
warning = varning: { $message }
