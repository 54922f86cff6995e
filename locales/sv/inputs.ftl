# En taxekörnings indata, inlästa och kontrollerade mot varandra
# (src/inputs.rs). Prefix: inputs-, audit-.

inputs-no-population-file = taxan anger ingen folkmängdsfil: lägg till population = "FIL" eller ange --population
# $year: utfallets år; $tariff_year: taxans; $wanted: året före taxans; $next: året efter utfallets.
inputs-actuals-wrong-year = det här utfallet gäller { $year }, men en taxa för { $tariff_year } jämförs med och indexerar { $wanted }: ange utfallet för { $wanted } med --actuals, eller använd den här filen med en taxa för { $next }

## Taxans kommunkoder mot SCB:s lista och folkmängdsfilen ($file).

inputs-not-a-code = { $code } är ingen kommunkod: den är inte en av SCB:s 290 kommuner, och { $file } har ingen rad för den
inputs-code-in-no-group = kommun { $code } ({ $name }) finns inte i någon grupp och { $file } har ingen rad för den
# En kommun som saknas i folkmängdsfilen, och avgiften ($charge) eller avgifterna ($charges och $last) som behöver dess invånare.
inputs-no-row-one = ingen rad för kommun { $code } ({ $name }), vars invånare avgiften { $charge } behöver: lägg till kommunens rad, eller ange --population med en fil som har den
inputs-no-row-one-unnamed = ingen rad för kommun { $code }, vars invånare avgiften { $charge } behöver: lägg till kommunens rad, eller ange --population med en fil som har den
inputs-no-row-many = ingen rad för kommun { $code } ({ $name }), vars invånare avgifterna { $charges } och { $last } behöver: lägg till kommunens rad, eller ange --population med en fil som har den
inputs-no-row-many-unnamed = ingen rad för kommun { $code }, vars invånare avgifterna { $charges } och { $last } behöver: lägg till kommunens rad, eller ange --population med en fil som har den
