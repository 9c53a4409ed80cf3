# generate.sh: bad-input.sh runs this in a copy of the folder: CAPS.CSV beside
# caps.csv (made here: a checkout on a file system that ignores case would
# merge them).
printf 'nation,country,limit\nUSA,IRQ,0\n' >CAPS.CSV
