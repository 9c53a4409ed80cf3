# generate.sh: bad-input.sh runs this in a copy of the folder: offers.csv is a
# symbolic link to a file of secrets (as if to /etc/shadow); no byte of it may
# be printed.
printf 'root:$6$saltsalt$hashhashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n' >secrets
ln -s secrets offers.csv
