# generate.sh: bad-input.sh runs this in a copy of the folder: caps.csv is a
# symbolic link to nothing, which once read as "no caps".
ln -s no-such-file caps.csv
