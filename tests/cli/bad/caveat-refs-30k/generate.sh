# generate.sh: bad-input.sh runs this in a copy of the folder: an offer whose
# caveats cell names caveat c1 30,000 times (issue 9.22: this took
# `source --time-limit 1` 31 s before repeated list items were refused).
{
	printf 'id,nation,capability,units,personnel,from,to,readiness,mission,line,caveats,status\n'
	printf 'o1,USA,trainers,1,30,2021-03-01,,3,,,c1'
	for _ in $(seq 29999); do printf ';c1'; done
	printf ',offered\n'
} >offers.csv
