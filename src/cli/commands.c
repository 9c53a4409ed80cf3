/* commands.c: the command table, in the order `muster --help` lists them. */
#include "cli.h"

extern const struct cmd_entry cmd_init;
extern const struct cmd_entry cmd_import;
extern const struct cmd_entry cmd_export;
extern const struct cmd_entry cmd_validate;
extern const struct cmd_entry cmd_show;
extern const struct cmd_entry cmd_source;
extern const struct cmd_entry cmd_check;
extern const struct cmd_entry cmd_runs;
extern const struct cmd_entry cmd_fairshare;
extern const struct cmd_entry cmd_posture;
extern const struct cmd_entry cmd_burden;
extern const struct cmd_entry cmd_cost;
extern const struct cmd_entry cmd_rotation;
extern const struct cmd_entry cmd_whatif;
extern const struct cmd_entry cmd_report;
extern const struct cmd_entry cmd_add;
extern const struct cmd_entry cmd_set;
extern const struct cmd_entry cmd_rm;
extern const struct cmd_entry cmd_offer;
extern const struct cmd_entry cmd_history;
extern const struct cmd_entry cmd_user;
extern const struct cmd_entry cmd_serve;
extern const struct cmd_entry cmd_migrate;
extern const struct cmd_entry cmd_help;

const struct cmd_entry *const cmd_table[] = {
    &cmd_init,	   &cmd_import,	 &cmd_export,	 &cmd_validate, &cmd_show,    &cmd_source,
    &cmd_check,	   &cmd_runs,	 &cmd_fairshare, &cmd_posture,	&cmd_burden,  &cmd_cost,
    &cmd_rotation, &cmd_whatif,	 &cmd_report,	 &cmd_add,	&cmd_set,     &cmd_rm,
    &cmd_offer,	   &cmd_history, &cmd_user,	 &cmd_serve,	&cmd_migrate, &cmd_help,
};
const size_t cmd_table_nr = sizeof(cmd_table) / sizeof(cmd_table[0]);
