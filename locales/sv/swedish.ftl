# Tal, rubriker och namn som svenska filer skriver dem (src/read/figure.rs,
# CSV-läsarnas rubriker och namn, `invoice --only`, arbetsböckernas blad).
# Prefix: number-form-, header-, name-, only-, sheet-.

## Ett tecken med sitt namn i ord (argument till andra meddelanden).

number-form-char-space = ett mellanslag (U+{ $code })
number-form-char-nbsp = ett hårt mellanslag (U+{ $code })
number-form-char-nnbsp = ett smalt hårt mellanslag (U+{ $code })
number-form-char-thin-space = ett tunt mellanslag (U+{ $code })
number-form-char-figure-space = ett siffermellanslag (U+{ $code })
number-form-char-other-space = ett blanktecken (U+{ $code })
number-form-char-tab = en tabb (U+{ $code })
number-form-char-hyphen = ett bindestreck (U+{ $code })
number-form-char-en-dash = ett tankstreck (U+{ $code })
number-form-char-em-dash = ett långt tankstreck (U+{ $code })
number-form-char-apostrophe = en apostrof (U+{ $code })
number-form-char-underscore = ett understreck (U+{ $code })
number-form-char-invisible = ett osynligt tecken (U+{ $code })
number-form-char-other = tecknet "{ $char }" (U+{ $code })

## Tal i CSV-fält.

number-form-not-a-minus = { $found } börjar med { $char }, inte ett minustecken: byt det mot - eller − (U+2212)
number-form-trailing-minus = { $found } har minustecknet efter talet: skriv det före, som i -342 000
number-form-bad-separator = { $found }: { $char } mellan siffrorna vid tecken { $at }: tusental grupperas med ett mellanslag, ett hårt mellanslag (U+00A0) eller ett smalt hårt mellanslag (U+202F); byt det mot ett mellanslag
number-form-unexpected-char = { $found }: { $char } vid tecken { $at } hör inte hemma i ett tal (siffror, mellanslag mellan tusentalen, ett decimaltecken och kr, tkr eller % efter dem); ta bort det
number-form-unknown-unit = { $found }: okänd enhet { $unit }: skriv kr, tkr eller %, eller bara talet
number-form-unit-not-here = { $found }: { $unit } där { $what } hör hemma: skriv bara talet
number-form-what-count = ett antal invånare
number-form-percent-not-amount = { $found } är en procentsats där ett belopp i kronor hör hemma: skriv beloppet i kr eller tkr
number-form-decimal-comma = { $found }: ett decimalkomma i en kommaseparerad fil, där kommatecken skiljer fälten: skriv { $plain } med decimalpunkt, eller spara filen med ; mellan fälten (som svenska Excel gör), så läses ett decimalkomma
number-form-beyond-exact = { $found } går inte att hålla exakt med sin enhet (högst 28 decimaler och 28 värdesiffror): skriv det i en annan enhet, eller med färre siffror
number-form-comma-grouping = { $found } är grupperat med kommatecken i en kommaseparerad fil, där ett komma också kan vara ett decimalkomma: skriv { $grouped } utan gruppering, eller spara filen med ; mellan fälten (som svenska Excel gör)
number-form-weights-mixed-percent = detta värde och värdet på rad { $first } är inte skrivna på samma sätt: det ena är en procentsats, det andra inte; skriv alla vikter i kolumnen som procentsatser, eller ingen
# Vad `check` säger om en utfallsfil med belopp i tkr.
number-form-tkr-read = anmärkning: { $rows } belopp i tkr, lästa som kronor (× 1 000)

## Rubriker.

# Vad `check` säger om en utfallsfil med beloppskolumner för flera år.
header-year-column-read = anmärkning: beloppen som lästes är kolumnen { $column }, det senaste årets; filen har också { $others }

# En nottabell (årsredovisningens uppställning) läst som utfall.
header-note-table = förväntade nottabellens rubrikrad efter rubriken: enheten (Tkr eller Kr) och åren, till exempel Tkr;2023;2022; fann { $found }
header-note-table-column = anmärkning: beloppen som lästes är kolumnen { $column } i varje tabell, det senaste årets
header-note-tables-read = anmärkning: läst som { $tables } { $tables ->
    [one] nottabell
   *[other] nottabeller
} (en rubrik med notens nummer och verksamhet, sedan enheten och åren): en rad som anger en kommun är kommunens, Summa är summan, Fakturerat … en extern betalares, och varje annan rad en justering

## Kommuner angivna med namn i stället för kod.

name-label-near-municipality = { $label } anger ingen kommun, men liknar { $near }: skriv kommunens namn som SCB skriver det (en rad som inte anger någon kommun läses som en justering)

name-party-unknown = { $why } (En kommunrad behöver sin kod, eller sin part skriven som kommunens namn.)

## `invoice --only` (src/invoicing/only.rs).

only-unknown-near = ingen faktura går till { $key }; menade du { $near }?
only-unknown-near-several = ingen faktura går till { $key }; menade du { $near } eller { $last }?
only-not-in-batch = { $key } är { $name } ({ $code }), som inte har någon faktura i den här omgången; --only tar en kommunkod eller ett kommunnamn, eller en betalares id, i den här omgången: { $known }
