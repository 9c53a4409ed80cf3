# generate.sh: bad-input.sh runs this in a copy of the folder: caps.csv is a
# FIFO (git cannot hold one). Reading it once blocked validate forever.
mkfifo caps.csv
