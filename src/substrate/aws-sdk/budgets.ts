// The Budgets client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
