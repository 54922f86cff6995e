# Meddelanden som alla delar av verktyget använder.

more-problems = och { $n } problem till av de här slagen: { $kinds }
more-problems-in = { $file }: och { $n } problem till av de här slagen: { $kinds }
more-problems-kind = { $n } som ”{ $example }”


# Var ett problem finns, när det har en rad men ingen fil.
at-line = rad { $line }


# Ett problem som stoppar ett kommando, en rad på standard error.
error = fel: { $message }

# Något värt att veta som inte stoppar kommandot.
warning = varning: { $message }
