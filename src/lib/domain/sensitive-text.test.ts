import { describe, expect, it } from 'vitest';
import { findSensitive } from './sensitive-text';

describe('findSensitive', () => {
	it.each([
		'We are undocumented and afraid to go to the food bank',
		'My husband has no papers',
		'Waiting on my green card, cannot work yet',
		'Greencard renewal costs took our grocery money',
		'Our asylum hearing is next month',
		'He was deported last year',
		'Worried about deportation',
		'Scared of ICE at the store',
		'Her DACA expired',
		'Visa expired in March',
		'Questions about my immigration status',
		'We overstayed and cannot ask the county'
	])('finds immigration status in English: %s', (text) => {
		expect(findSensitive(text)).toEqual(['immigration_status']);
	});

	it.each([
		'Somos indocumentados y tenemos miedo',
		'Mi esposo está sin papeles',
		'Tengo miedo de la migra',
		'Pedimos asilo el año pasado',
		'Lo deportaron, fue deportado en marzo',
		'Tenemos miedo de una deportación',
		'Mi estatus migratorio no está resuelto',
		'Por mi situación migratoria no puedo trabajar',
		'Estoy esperando la tarjeta verde',
		'Somos ilegales aquí'
	])('finds immigration status in Spanish: %s', (text) => {
		expect(findSensitive(text)).toEqual(['immigration_status']);
	});

	it.each([
		['a social security number', 'My number is 123-45-6789'],
		['nine digits together', 'Case 123456789 at the office'],
		['an A-number', 'Her A-number is A123456789'],
		['an A-number with a dash', 'File A-12345678'],
		['the word SSN', 'I can give my SSN if needed'],
		['seguro social', 'No tengo número de seguro social'],
		['a Mexican CURP', 'CURP GOMC850314HDFRRR09']
	])('finds an identity number: %s', (_, text) => {
		expect(findSensitive(text)).toContain('id_number');
	});

	it.each([
		['DOB', 'DOB 03/14/1987'],
		['date of birth', 'Date of birth: March 14'],
		['born on', 'She was born on a Tuesday'],
		['a US date with a birth year', 'Mother 03/14/1957, father older'],
		['an ISO date', 'Child 2019-06-02'],
		['fecha de nacimiento', 'Fecha de nacimiento: 14 de marzo'],
		['nació el', 'Mi hija nació el 14 de marzo']
	])('finds a date of birth: %s', (_, text) => {
		expect(findSensitive(text)).toContain('date_of_birth');
	});

	it('reports every kind found across several texts, once each, in a fixed order', () => {
		expect(findSensitive('DOB 03/14/1987', null, 'SSN 123-45-6789', undefined, 'sin papeles', 'undocumented')).toEqual([
			'immigration_status',
			'id_number',
			'date_of_birth'
		]);
	});

	it.each([
		'Groceries for a family of four: rice, beans, milk, eggs',
		'2 kg of flour, 12 eggs, a bag of apples and diapers (size 4)',
		'Ice cream, bread and butter for the weekend',
		'Comida para una familia de cinco: arroz, frijoles, leche y tortillas',
		'Pañales talla 3 y fórmula para bebé, por favor',
		'Ride to the clinic on Tuesday at 10:30, back by noon',
		'1428 Elm Street, Apt 3. Leave at the back door, do not knock',
		'Call 555-0100 after 5 pm'
	])('finds nothing in ordinary text: %s', (text) => {
		expect(findSensitive(text)).toEqual([]);
	});

	it('finds nothing in no text at all', () => {
		expect(findSensitive()).toEqual([]);
		expect(findSensitive(null, undefined, '')).toEqual([]);
	});
});
