import { AwsServiceError } from '../wire/aws-error.js';
import type { ParameterState } from '../state/state.js';

// DescribeParameters filtering: ParameterFilters (Key/Option/Values) and the deprecated Filters
// (Key/Values), with the option rules and error codes SSM documents.

export interface ParameterStringFilter {
  Key?: unknown;
  Option?: unknown;
  Values?: unknown;
}

type Matcher = (name: string, p: ParameterState) => boolean;

const OPTIONS_BY_KEY: Record<string, string[]> = {
  Name: ['Equals', 'BeginsWith', 'Contains'],
  Path: ['Recursive', 'OneLevel'],
  Type: ['Equals', 'BeginsWith'],
  KeyId: ['Equals', 'BeginsWith'],
  Tier: ['Equals', 'BeginsWith'],
  DataType: ['Equals', 'BeginsWith'],
  tag: ['Equals', 'BeginsWith'],
};

function compare(option: string, actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  if (option === 'BeginsWith') return actual.startsWith(wanted);
  if (option === 'Contains') return actual.includes(wanted);
  return actual === wanted;
}

/** Values one ParameterStringFilter may carry (AWS: 1–50). */
const MAX_FILTER_VALUES = 50;

function stringValues(values: unknown, key: string): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new AwsServiceError('InvalidFilterValue', `The filter value for key ${key} is not valid.`, 400);
  }
  if (values.length > MAX_FILTER_VALUES) {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value at 'parameterFilters.member.values' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FILTER_VALUES}`, 400);
  }
  return values as string[];
}

export function parameterFilterMatcher(filter: ParameterStringFilter): Matcher {
  const key = typeof filter.Key === 'string' ? filter.Key : '';
  const family = key.startsWith('tag:') ? 'tag' : key;
  const allowed = OPTIONS_BY_KEY[family];
  if (!allowed || (family === 'tag' && key.length <= 4)) {
    throw new AwsServiceError('InvalidFilterKey', `The filter key ${key || '(empty)'} is not valid. Valid keys: Name, Type, KeyId, Path, Tier, DataType, tag:<key>.`, 400);
  }
  const option = filter.Option === undefined ? (family === 'Path' ? 'Recursive' : 'Equals') : String(filter.Option);
  if (!allowed.includes(option)) {
    throw new AwsServiceError('InvalidFilterOption', `The filter option ${option} is not valid for key ${key}. Valid options: ${allowed.join(', ')}.`, 400);
  }
  const values = stringValues(filter.Values, key);
  if (family !== 'tag' && values.length === 0) {
    throw new AwsServiceError('InvalidFilterValue', `The filter key ${key} requires at least one value.`, 400);
  }
  const any = (actual: string | undefined) => values.some((v) => compare(option, actual, v));
  switch (family) {
    case 'Name':
      return (name) => any(name);
    case 'Path':
      return (name) => values.some((v) => underPath(name, v, option === 'OneLevel'));
    case 'Type':
      return (_n, p) => any(p.type);
    case 'KeyId':
      return (_n, p) => any(p.key_id);
    case 'Tier':
      return (_n, p) => any(p.tier);
    case 'DataType':
      return (_n, p) => any(p.data_type);
    default: {
      const tagKey = key.slice(4);
      return (_n, p) => (values.length === 0 ? tagKey in p.tags : any(p.tags[tagKey]));
    }
  }
}

function underPath(name: string, path: string, oneLevel: boolean): boolean {
  if (!path.startsWith('/')) throw new AwsServiceError('InvalidFilterValue', `The parameter path ${path} must begin with a slash (/).`, 400);
  const prefix = path.endsWith('/') ? path : `${path}/`;
  if (!name.startsWith(prefix)) return false;
  return !oneLevel || !name.slice(prefix.length).includes('/');
}

/** The deprecated `Filters` member: Name matches as a prefix, Type and KeyId exactly. */
export function legacyFilterMatcher(filter: ParameterStringFilter): Matcher {
  const key = typeof filter.Key === 'string' ? filter.Key : '';
  if (!['Name', 'Type', 'KeyId'].includes(key)) {
    throw new AwsServiceError('InvalidFilterKey', `The filter key ${key || '(empty)'} is not valid. Valid keys: Name, Type, KeyId.`, 400);
  }
  return parameterFilterMatcher({ Key: key, Option: key === 'Name' ? 'BeginsWith' : 'Equals', Values: filter.Values });
}
