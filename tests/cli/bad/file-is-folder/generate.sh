# generate.sh: bad-input.sh runs this in a copy of the folder: offers.csv is
# a folder.
mkdir offers.csv
