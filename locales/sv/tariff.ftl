# Taxan, TOML-dokument, tal, --set och viktfiler (src/read/tariff/,
# src/read/toml.rs, src/number.rs, src/read/overrides.rs, src/read/weights.rs).
# Prefix: tariff-, toml-, number-, override-, weights-.

## Vad ett TOML-värde är, efter "fann".

toml-kind-string = en sträng
toml-kind-integer = ett heltal
toml-kind-decimal = ett decimaltal
toml-kind-boolean = ett sanningsvärde
toml-kind-date = ett datum
toml-kind-array = en lista
toml-kind-table = en tabell
toml-kind-array-of-tables = en lista av tabeller

## Ett TOML-dokument och dess värden. $detail är TOML-tolkens egen text.

toml-not-valid = inte giltig TOML: { $detail }
toml-not-valid-hint = inte giltig TOML: { $detail }; { $hint }
toml-integer-overflow = heltalet är för stort (ett heltal i TOML har högst 64 bitar)
toml-float-overflow = decimaltalet är för stort (större än ett decimaltal i TOML rymmer)
toml-expected-table = förväntade en tabell, fann { $found }
toml-expected-file-name = förväntade ett filnamn, fann en tom sträng
toml-found-control = fann { $why }
toml-expected-string = förväntade en sträng, fann { $found }
toml-expected-bool = förväntade true eller false, fann { $found }
toml-expected-whole-number = förväntade ett heltal, fann { $found }
toml-expected-whole-number-in = förväntade ett heltal från { $min } till { $max }, fann { $found }
toml-expected-number = förväntade ett tal som 135000 eller 6.53, fann { $found }
toml-expected-number-comma = förväntade ett tal som 135000 eller 6.53, fann { $found } { $text }: tal i TOML skrivs med decimalpunkt: skriv { $number }
toml-expected-number-percent = förväntade ett tal som 135000 eller 6.53, fann { $found } (en procentsats är inget belopp här)
toml-expected-number-quoted = förväntade ett tal som 135000 eller 6.53, fann { $found } (skriv tal utan citattecken)
toml-expected-percentage = förväntade en procentsats som "2.5%", fann { $found }
toml-found-number-not-percent = talet { $number } (skriv "{ $number }%" för att ange procent)
toml-percentage-too-precise = procentsatsen { $why }
toml-missing-key = nyckeln { $key } saknas
toml-unknown-key = okänd nyckel { $key }; förväntade en av: { $expected }
toml-unknown-key-did-you-mean = okänd nyckel { $key }; menade du { $suggestion }?

## Ett tals text, läst exakt.

number-not-finite = förväntade ett ändligt decimaltal, fann { $found }
number-too-many-digits = { $number } har { $digits } värdesiffror: avgift behåller högst { $max } värdesiffror och { $max } decimaler exakt och avrundar inte det som läses
number-too-many-places = { $number } har { $places } decimaler: avgift behåller högst { $max } värdesiffror och { $max } decimaler exakt och avrundar inte det som läses
number-too-many = { $number } har för många siffror: avgift behåller högst { $max } värdesiffror och { $max } decimaler exakt och avrundar inte det som läses

## Taxefilen.

tariff-not-utf8 = en taxa måste vara UTF-8-text; fann en byte som inte är UTF-8 (sparad som Windows-1252?)
tariff-set-not-toml = taxan med --set tillämpat är inte giltig TOML: { $detail }
# Ett problem i en fil som taxan anger, vid taxans nyckel: var, och vad.
tariff-problem-at = { $place }: { $problem }
tariff-hint-decimal-point = tal i TOML skrivs med decimalpunkt: skriv { $number }
tariff-hint-decimal-point-and-underscore = tal i TOML skrivs med decimalpunkt och siffror grupperas med _: skriv { $number }
tariff-hint-underscore = siffror i TOML grupperas med _, inte med mellanslag: skriv { $number }
tariff-key-control = nyckeln har { $why }
tariff-format-version = den här versionen av avgift läser taxeformat { $reads }, filen har format { $found }
tariff-payer-id-unsafe = betalarens id { $id } kan inte ingå i ett filnamn: använd högst 40 ASCII-bokstäver, siffror, '_' eller '-', med en bokstav först
tariff-payer-ids-case = betalarnas id { $first } och { $second } skiljer sig bara i stora och små bokstäver: deras filer skulle krocka
tariff-expected-adjustments = förväntade [[adjustments]]-tabeller, fann { $found }
tariff-adjustment-decimals = en justering anges i kronor och öre: högst två decimaler, fann { $found }
tariff-expected-precision = förväntade "öre", "krona" eller "exact", fann { $found }
tariff-expected-code = förväntade en kommunkod som "1490", fann { $found }
tariff-expected-codes = förväntade en lista med kommunkoder som ["1490", "1463"], fann { $found }

## En avgift.

tariff-activity-and-split = ange antingen activity eller split, inte båda
tariff-missing-activity = nyckeln "activity" saknas (eller "split" för att dela avgiften mellan verksamheter)
tariff-previous-missing-index = nyckeln "index" saknas: regeln previous multiplicerar föregående års belopp med (1 + index)
tariff-unknown-rule = okänd regel { $rule }; förväntade en av: { $expected }
tariff-key-of-another-rule = { $key } hör till regeln { $owner }, inte { $rule }
tariff-rate-and-rates = ange antingen rate eller rates (per grupp), inte båda
tariff-missing-rate = nyckeln "rate" saknas (eller "rates" med ett belopp per grupp)
tariff-weight-file-unused = en viktfil anges men vikterna använder inte "data"
tariff-weight-data-needs-file = vikter med "data" kräver weight_file och weight_column
tariff-external-amount-or-share = en extern betalare behöver antingen amount (kronor) eller share (andel av kommunernas summa)
tariff-expected-member = förväntade en kommunkod eller ett gruppnamn, fann { $found }
tariff-expected-participants = förväntade "everyone", ett gruppnamn eller en lista med koder, fann { $found }
tariff-code-twice = kommun { $code } anges två gånger
tariff-unknown-weights = okända vikter { $found }; förväntade "population", "equal", "data" eller en tabell med andelar

## Avsnittet [invoice].

tariff-expected-ocr = förväntade "none", "luhn" eller "luhn-length", fann { $found }
tariff-expected-vat-reason = förväntade skälet som text, fann en tom sträng (utelämna nyckeln för standardtexten)
tariff-expected-vat-category = förväntade "O" (utanför momsens tillämpningsområde, standard) eller "E" (undantagen från moms), fann { $found }: fakturor med moms (S och övriga kategorier) stöds inte
tariff-expected-vat-id = förväntade ett svenskt momsregistreringsnummer: SE, det tiosiffriga organisationsnumret och 01 (SE222000123401), fann { $found }
tariff-expected-account = förväntade ett kontonummer som "1510", fann { $found }
tariff-expected-account-digits = förväntade ett kontonummer av siffror, fann { $found }

## --set KEY=VALUE. $table är taxans tabell (indices, groups, activities,
## payers): orden väljs efter den.

override-expected-key-value = förväntade KEY=VALUE, till exempel charges.dso.rate=6.80
override-not-a-key = { $key } är inte en nyckel i taxan, som charges.dso.rate
override-empty-key = nyckeln är tom
override-no-table = taxan har ingen tabell { $table }
override-no-table-did-you-mean = taxan har ingen tabell { $table }; menade du { $suggestion }?
override-no-table-has = taxan har ingen tabell { $table }; den har: { $has }
override-unused-did-you-mean = lägger till { $table ->
        [indices] indexet
        [groups] gruppen
        [activities] verksamheten
       *[payers] betalaren
    } { $name }, som { $table ->
        [indices] ingen avgift använder
        [groups] ingen avgift nämner bland deltagare eller belopp
        [activities] ingen avgift eller justering går till
       *[payers] inte betalar någon avgift
    }; menade du { $suggestion }?
override-unused-none = lägger till { $table ->
        [indices] indexet
        [groups] gruppen
        [activities] verksamheten
       *[payers] betalaren
    } { $name }, som { $table ->
        [indices] ingen avgift använder
        [groups] ingen avgift nämner bland deltagare eller belopp
        [activities] ingen avgift eller justering går till
       *[payers] inte betalar någon avgift
    }; taxan har inga { $table ->
        [indices] index
        [groups] grupper
        [activities] verksamheter
       *[payers] betalare
    }
override-unused = lägger till { $table ->
        [indices] indexet
        [groups] gruppen
        [activities] verksamheten
       *[payers] betalaren
    } { $name }, som { $table ->
        [indices] ingen avgift använder
        [groups] ingen avgift nämner bland deltagare eller belopp
        [activities] ingen avgift eller justering går till
       *[payers] inte betalar någon avgift
    }; taxans { $table ->
        [indices] index
        [groups] grupper
        [activities] verksamheter
       *[payers] betalare
    }: { $existing }

## En viktfil (en CSV-fil med kolumnen code och den angivna kolumnen).

weights-expected-columns = förväntade en kommunkolumn (koder: { $codes }; eller koder eller namn: { $names }) och kolumnen { $column }; fann: { $found }
weights-field-count = förväntade { $expected } fält som i rubrikraden, fann { $found }
weights-duplicate = kommun { $code } förekommer två gånger
weights-negative = en vikt får inte vara negativ, fann { $found }
weights-missing = antalet { $column } saknas
weights-bad-number = { $column }: { $why }
