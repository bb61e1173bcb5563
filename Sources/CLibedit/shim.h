#ifndef POLICY_ADVISOR_CLIBEDIT_SHIM_H
#define POLICY_ADVISOR_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

#endif
