# Körningens indata och utdata (src/context/). Prefix: input-, file-, context-.

## En indatafil, i en mening och efter ett genitiv ("körningens taxa").

input-the-tariff = taxan
input-the-population = folkmängdsfilen
input-the-actuals = utfallet
input-the-weights = viktfilen
input-the-recipients = mottagarfilen
input-the-register = fakturaregistret
input-the-plan = planen
input-the-forecast = prognosen
input-the-manifest = manifestet
input-the-output = utdatafilen
input-the-recorded = indatafilen
input-the-import = filen
input-tariff = taxa
input-population = folkmängdsfil
input-actuals = utfall
input-weights = viktfil
input-recipients = mottagarfil
input-register = fakturaregister
input-plan = plan
input-forecast = prognos
input-manifest = manifest
input-output = utdatafil
input-recorded = indatafil
input-import = fil

## Att läsa en indatafil.

input-size-limit = { $var }={ $value }: förväntade ett heltal MiB från 1 till 1048576
input-empty-path = { $what } anges med en tom sökväg: ange en fil
input-cannot-read = kan inte läsa { $what }: { $error }
input-cannot-read-because = kan inte läsa { $what }: { $why }
input-not-regular = kan inte läsa { $what }: det är { $kind }, inte en vanlig fil
input-too-large = kan inte läsa { $what }: större än { $mib } MiB (sätt { $var } för att höja gränsen)
input-utf16 = sparad som UTF-16: spara som UTF-8 eller Windows-1252
context-input-changed = ändrades medan avgift läste den (byten skiljer sig från första läsningen): kör igen när inget skriver till den

## Vad en sökväg är, när den inte är en vanlig fil.

file-kind-folder = en mapp
file-kind-symlink = en symbolisk länk
file-kind-char-device = en teckenenhet
file-kind-block-device = en blockenhet
file-kind-fifo = en FIFO (namngiven rörledning)
file-kind-socket = en socket
file-kind-other = inte en vanlig fil

## Att skriva utdata.

file-output-symlink-to = är en symbolisk länk till { $target }: avgift ersätter en utdatafil helt, vilket skulle ersätta länken; ange själva filen (eller - för standard output)
file-output-symlink = är en symbolisk länk: avgift ersätter en utdatafil helt, vilket skulle ersätta länken; ange själva filen (eller - för standard output)
file-output-not-plain = är { $kind }, inte en vanlig fil: avgift skriver bara vanliga filer (- skriver till standard output)
file-cannot-write = kan inte skriva { $path }: { $error }
context-output-is-input = skrevs inte: det är körningens { $what } ({ $path }), och utdata ersätter aldrig indata; skriv den någon annanstans
