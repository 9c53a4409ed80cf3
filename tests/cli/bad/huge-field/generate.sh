# generate.sh: bad-input.sh runs this in a copy of the folder: a missions.csv
# whose name cell holds 10 MB (generated, not committed).
{
	printf 'code,name,organization,host,from,to\nNMI,"'
	head -c 10485760 /dev/zero | tr '\0' x
	printf '",NATO,IRQ,2018-10-01,\n'
} >missions.csv
