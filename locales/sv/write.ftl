# Att skriva utdata (src/write/, src/emit.rs). Prefix: write-, model-, xlsx-, emit-.

## Att skriva ett resultat.

emit-wrote = skrev { $file }
emit-cannot-make-workbook = kan inte skapa arbetsboken: { $error }
emit-cannot-make-folder = kan inte skapa mappen { $folder }: { $error }
emit-cannot-write-stdout = kan inte skriva: { $error }

## Vad en arbetsbok inte rymmer.

xlsx-too-many-lines = { $lines } rader är fler än de { $limit } rader som ett blad rymmer under rubriken; skriv dem som CSV (--format csv)
xlsx-text-too-long = { $cell }: { $column } på { $length } tecken, mer än en cell rymmer (32 767)

## Den levande modellen (avgift model): vad som inte kan modelleras exakt.

model-not-exact = kan inte modelleras exakt: formlerna skulle behöva heltal upp till { $needed }, mer än de { $limit } som ett kalkylprogram räknar exakt här
model-no-adjustment-cell = ingen cell för justeringen { $adjustment }
model-formulas-differ = modellens formler ger { $model } för { $party } där avgift beräknar { $amount }: ingen arbetsbok skrevs
model-no-line-cell = modellen har ingen cell för raden för { $party } i { $activity }
model-note-not-exact = noten { $note } kan inte modelleras exakt: { $amount } i enheter om 1/{ $units } krona överstiger { $limit }
